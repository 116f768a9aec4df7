using System.Text;
using Xunit.Abstractions;
using YamlDotNet.Serialization;

namespace RoleBot.Tests;

/// <summary>
/// The knowledge corpus is written in our own words: no run of 8 words from a seed article appears in
/// any knowledge file's body, and every article says where its facts come from.
/// </summary>
public sealed class OriginalityTests(ITestOutputHelper output)
{
    private const int ShingleLength = 8;

    /// <summary>Knowledge files RoleBot loads: everything under knowledge/ except README.md.</summary>
    private static IEnumerable<string> KnowledgeFiles(params string[] extensions) => Directory
        .EnumerateFiles(Paths.Knowledge, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
        .Where(f => extensions.Length == 0 || extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
        .OrderBy(f => f, StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Paths.Knowledge, path).Replace('\\', '/');

    /// <summary>(front matter YAML or null, body) of a file; the body is everything after the closing ---.</summary>
    private static (string? FrontMatter, string Body) Split(string text)
    {
        var lines = text.Replace("\r\n", "\n").TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---") return (null, text);
        var end = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
        return end < 0 ? (null, text) : (string.Join('\n', lines[1..end]), string.Join('\n', lines[(end + 1)..]));
    }

    /// <summary>Lower-cased words with punctuation removed (apostrophes dropped, other marks split words).</summary>
    private static List<string> Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is '\'' or '’' or '‘') continue;
            sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static IEnumerable<string> Shingles(List<string> words)
    {
        for (var i = 0; i + ShingleLength <= words.Count; i++)
            yield return string.Join(' ', words.Skip(i).Take(ShingleLength));
    }

    [Fact]
    public void No_eight_word_run_of_a_seed_article_appears_in_a_knowledge_body()
    {
        var seedFiles = Directory.GetFiles(Paths.Seeds).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(seedFiles);
        var seeds = new Dictionary<string, string>();
        foreach (var seed in seedFiles)
            foreach (var shingle in Shingles(Words(File.ReadAllText(seed))))
                seeds.TryAdd(shingle, Path.GetFileName(seed));

        var copied = new List<string>();
        var checkedFiles = 0;
        foreach (var file in KnowledgeFiles())
        {
            checkedFiles++;
            var (_, body) = Split(File.ReadAllText(file));
            foreach (var shingle in Shingles(Words(body)).Distinct())
                if (seeds.TryGetValue(shingle, out var seed))
                    copied.Add($"{Relative(file)}: \"{shingle}\" (from {seed})");
        }

        output.WriteLine($"{seeds.Count} seed shingles, {checkedFiles} knowledge files checked");
        Assert.True(checkedFiles >= 6, $"only {checkedFiles} knowledge files found");
        Assert.True(copied.Count == 0, $"{copied.Count} copied 8-word runs:\n" + string.Join("\n", copied));
    }

    [Fact]
    public void The_check_catches_a_copied_sentence()
    {
        // The same normalisation on both sides: case, curly apostrophes and punctuation do not hide a copy.
        var seed = Shingles(Words("SREs keep systems running smoothly and fix them when they break.")).ToHashSet();
        var rewritten = Shingles(Words("Remember: “sres KEEP systems running smoothly, and fix them when they break!”"));

        Assert.Contains(rewritten, seed.Contains);
        Assert.DoesNotContain(Shingles(Words("SREs keep production healthy and repair it after failures.")), seed.Contains);
    }

    [Fact]
    public void Every_knowledge_article_has_front_matter_with_a_title_and_sources()
    {
        var problems = new List<string>();
        var articles = KnowledgeFiles(".md").ToList();
        Assert.True(articles.Count >= 6, $"only {articles.Count} articles");
        foreach (var file in articles)
        {
            var (yaml, _) = Split(File.ReadAllText(file));
            if (yaml is null) { problems.Add($"{Relative(file)}: no front matter"); continue; }
            Dictionary<string, object?>? meta;
            try { meta = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object?>>(yaml); }
            catch (YamlDotNet.Core.YamlException e) { problems.Add($"{Relative(file)}: front matter is not valid YAML: {e.Message}"); continue; }
            if (meta?.GetValueOrDefault("title") is not string title || title.Trim().Length == 0)
                problems.Add($"{Relative(file)}: no title");
            var sources = meta?.GetValueOrDefault("sources") as List<object?>;
            if (sources is null || !sources.Any(s => s is string text && text.Trim().Length > 0))
                problems.Add($"{Relative(file)}: no sources");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
