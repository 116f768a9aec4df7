using Microsoft.Extensions.Options;

namespace RoleBot.Server.Http;

/// <summary>
/// A server that cannot start for its configuration says so the way an operator reads it: one line
/// on stderr naming what to set, and exit status 1, instead of an abort with a stack trace (and the
/// host's own "Hosting failed to start" log of the same trace). A port that is already taken is only
/// found when the host starts, so there the host logs its failure first; RoleBot's line and exit
/// status 1 follow it.
/// </summary>
public static class StartupChecks
{
    /// <summary>Runs <paramref name="app"/> until shutdown (0), or returns 1 when its settings are invalid.</summary>
    public static int RunOrExplain(this WebApplication app)
    {
        try
        {
            // The checks ValidateOnStart registers, run before the host starts so that it logs nothing.
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine("RoleBot cannot start: " + string.Join(" ", failures));
            return 1;
        }
        try
        {
            app.Run();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Another RoleBot (or anything else) already listens there: a setting to change, not a crash.
            Console.Error.WriteLine($"RoleBot cannot start: {e.Message.TrimEnd('.')}; another program listens there (set --urls or ASPNETCORE_URLS).");
            return 1;
        }
        return 0;
    }

    /// <summary>The messages of every options failure in <paramref name="e"/>; empty when it is something else.</summary>
    private static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => [.. options.Failures.Select(f => f.Trim().ReplaceLineEndings(" "))],
        AggregateException all when all.InnerExceptions.All(x => x is OptionsValidationException) => [.. all.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };
}
