namespace RoleBot.Server.Bot;

/// <summary>Reads a request body up to a limit, so a huge body is refused (413) rather than buffered.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException e) when (!ct.IsCancellationRequested && e is not BadHttpRequestException)
        {
            // Kestrel reports a malformed chunked body ("Bad chunk size data") as an IOException:
            // the client's error, answered 400 by BadRequests.
            throw new BadHttpRequestException($"The request body could not be read: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
        return buffer.ToArray();
    }
}
