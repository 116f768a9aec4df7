namespace RoleBot.Server.Http;

/// <summary>
/// A request Kestrel cannot read (a malformed chunked body, a body cut off mid-way) is the client's
/// error: it gets the 4xx that Kestrel names, one log line without a stack trace, and never a 500.
/// </summary>
public static class BadRequests
{
    public static IApplicationBuilder UseBadRequestAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("RoleBot.Server.Http.BadRequests");
            logger.LogWarning("Unreadable request to {Path}: {Status} {Reason}", context.Request.Path.Value, e.StatusCode, e.Message);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = e.StatusCode;
            await context.Response.WriteAsJsonAsync(new { error = "The request body could not be read." });
        }
    });
}
