namespace RoleBot.Server.Bot;

/// <summary>Reads a request body up to a limit, so a huge body is refused (413) rather than buffered.</summary>
public static class RequestBody
{
    /// <summary>Bodies declared up to this size get an array of their length; larger ones are read in chunks of it.</summary>
    private const int ExactUpTo = 16 * 1024;

    /// <summary>The body's bytes, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        try
        {
            // A small declared length (what Teams and Slack send for a message) is read straight into
            // an array of that size: no 16 KB scratch buffer per request for the collector to clean up
            // under load. A larger one grows as bytes arrive, so a client that declares 256 KB and
            // trickles nothing holds no more memory than it sent. Kestrel refuses a body longer than
            // it declared, and a shorter one ends in an error.
            if (request.ContentLength is long declared and <= ExactUpTo)
            {
                var body = new byte[declared];
                await request.Body.ReadExactlyAsync(body, ct);
                return body;
            }
            using var buffer = new MemoryStream();
            var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ExactUpTo);
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > limit) return null;
                    buffer.Write(chunk, 0, read);
                }
            }
            finally { System.Buffers.ArrayPool<byte>.Shared.Return(chunk); }
            return buffer.ToArray();
        }
        catch (IOException e) when (!ct.IsCancellationRequested && e is not BadHttpRequestException)
        {
            // Kestrel reports a malformed chunked body ("Bad chunk size data") as an IOException, and
            // a body cut short of its length ends the read early: the client's error, answered 400.
            throw new BadHttpRequestException($"The request body could not be read: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }
}
