using System.Text.Json;
using System.Text.RegularExpressions;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// The repository's Dockerfile, read the way the Docker builder reads it (comments dropped, lines
/// joined at a trailing backslash, one instruction per line, stages split at FROM), so that tests
/// can run its build steps and start its entry point with its environment on machines without a
/// Docker engine.
/// </summary>
internal sealed partial class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments, int Line);

    public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) =>
            Instructions.Where(i => i.Keyword.Equals(keyword, StringComparison.OrdinalIgnoreCase));

        public Instruction? Last(string keyword) => All(keyword).LastOrDefault();

        /// <summary>Every ENV of the stage, later values winning.</summary>
        public IReadOnlyDictionary<string, string> Environment()
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in All("ENV"))
                foreach (Match m in EnvPair().Matches(e.Arguments))
                    env[m.Groups["key"].Value] = m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["plain"].Value;
            return env;
        }

        /// <summary>The stage's RUN commands in shell form, without their --mount/--network flags.</summary>
        public IEnumerable<string> RunCommands() =>
            All("RUN").Select(r => RunFlags().Replace(r.Arguments, ""));
    }

    public string Path { get; }
    public IReadOnlyList<Stage> Stages { get; }
    public Stage Build => Stages[0];
    public Stage Final => Stages[^1];

    private Dockerfile(string path, IReadOnlyList<Stage> stages)
    {
        Path = path;
        Stages = stages;
    }

    public static Dockerfile Load(string path)
    {
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        string? image = null, name = null;
        var pending = "";
        var startLine = 0;
        var lines = File.ReadAllLines(path);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (pending.Length > 0 && line.TrimStart().StartsWith('#')) continue; // comments inside a continued instruction
            if (pending.Length == 0) startLine = n + 1;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var text = (pending + line).Trim();
            pending = "";
            var split = text.IndexOfAny([' ', '\t']);
            var keyword = (split < 0 ? text : text[..split]).ToUpperInvariant();
            var arguments = split < 0 ? "" : text[(split + 1)..].Trim();
            if (keyword == "FROM")
            {
                if (current is not null) stages.Add(new Stage(image!, name, current));
                var from = FromLine().Match(arguments);
                image = from.Groups["image"].Value;
                name = from.Groups["name"].Success ? from.Groups["name"].Value : null;
                current = [];
                continue;
            }
            (current ?? throw new FormatException($"{path}:{startLine}: {keyword} before the first FROM")).Add(new Instruction(keyword, arguments, startLine));
        }
        if (current is not null) stages.Add(new Stage(image!, name, current));
        return new Dockerfile(path, stages);
    }

    /// <summary>An exec-form argument list (<c>["dotnet", "app.dll"]</c>), as ENTRYPOINT, CMD and HEALTHCHECK CMD take it.</summary>
    public static string[] ExecForm(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments) ?? throw new FormatException($"not an exec-form list: {arguments}");

    /// <summary>The source paths and destination of a COPY (flags such as --from and --chmod returned apart).</summary>
    public static (IReadOnlyList<string> Flags, IReadOnlyList<string> Sources, string Destination) Copy(Instruction copy)
    {
        var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var flags = words.TakeWhile(w => w.StartsWith("--")).ToList();
        var rest = words.Skip(flags.Count).ToList();
        return (flags, rest[..^1], rest[^1]);
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?:""(?<quoted>[^""]*)""|(?<plain>\S*))")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"^(?:--\S+\s+)*(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^(?:--\S+\s+)+")]
    private static partial Regex RunFlags();
}
