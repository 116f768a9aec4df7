using System.Text.RegularExpressions;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// A .dockerignore file, matched as the Docker builder matches it: each line a pattern of the
/// path relative to the build context (<c>*</c> and <c>?</c> within one folder, <c>**</c> across
/// folders, a leading <c>!</c> lets a path back in), a pattern also covering everything under a
/// folder it matches, and the last matching line deciding.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include, string Text)> _rules = [];

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var include = line.StartsWith('!');
            var pattern = (include ? line[1..] : line).Trim().Trim('/');
            if (pattern.StartsWith("./")) pattern = pattern[2..];
            _rules.Add((new Regex("^" + ToRegex(pattern) + "$"), include, pattern));
        }
    }

    public static DockerIgnore Load(string path) => new(File.ReadAllLines(path));

    /// <summary>Whether <paramref name="relativePath"/> (with '/' separators) is sent to the builder.</summary>
    public bool Includes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        var parents = Prefixes(path).ToList();
        var included = true;
        foreach (var (pattern, include, _) in _rules)
            if (parents.Any(pattern.IsMatch)) included = include;
        return included;
    }

    /// <summary>The files under <paramref name="root"/> that go into the build context, relative, with '/' separators.</summary>
    public IEnumerable<string> ContextFiles(string root)
    {
        var folders = new Stack<string>([""]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            var full = System.IO.Path.Combine(root, folder);
            foreach (var file in Directory.EnumerateFiles(full).Order(StringComparer.Ordinal))
            {
                var relative = Join(folder, System.IO.Path.GetFileName(file));
                if (Includes(relative)) yield return relative;
            }
            // A folder left out stays unread unless a later "!" line could let something under it back in.
            foreach (var sub in Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
            {
                var relative = Join(folder, System.IO.Path.GetFileName(sub));
                if (Includes(relative) || _rules.Any(r => r.Include && (r.Text.StartsWith(relative + "/") || r.Text.Contains("**"))))
                    folders.Push(relative);
            }
        }
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>"a/b/c" → "a", "a/b", "a/b/c": a pattern that matches a folder covers what is inside it.</summary>
    private static IEnumerable<string> Prefixes(string path)
    {
        for (var i = path.IndexOf('/'); i >= 0; i = path.IndexOf('/', i + 1)) yield return path[..i];
        yield return path;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, none included; a final "**" anything.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/') { regex.Append("(?:.*/)?"); i += 2; }
                else { regex.Append(".*"); i++; }
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }
}
