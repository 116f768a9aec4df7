using System.Net;

namespace RoleBot.Server.Tests.Observability;

/// <summary>Reading /metrics as Prometheus would.</summary>
internal static class MetricsScrape
{
    public static async Task<string> ReadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples whose name starts with <paramref name="name"/> and that have every label given.</summary>
    public static double Sample(string metrics, string name, params string[] labels) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && labels.All(l.Contains))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();
}
