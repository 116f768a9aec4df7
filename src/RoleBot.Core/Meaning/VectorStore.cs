using System.Security.Cryptography;
using System.Text;

namespace RoleBot.Meaning;

/// <summary>
/// Embeddings kept on disk between runs, keyed by the SHA-256 of model id and text, so start-up
/// encodes only what changed. One file per named set (the intent examples, a corpus's passages),
/// written to a temporary file and renamed, so a reader never sees half a file. A cache that cannot
/// be read or written is no error: the vectors are computed again.
/// </summary>
public sealed class VectorStore(string? directory)
{
    private const string Magic = "RBVEC1";

    /// <summary>
    /// Where caches go unless configured: <c>ROLEBOT_CACHE_DIR</c>, else the user's cache folder
    /// (<c>$XDG_CACHE_HOME/rolebot</c> or <c>~/.cache/rolebot</c>).
    /// </summary>
    public static string? DefaultDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("ROLEBOT_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, "rolebot");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "rolebot");
    }

    public string? Directory { get; } = directory;

    /// <summary>The vectors of <paramref name="texts"/>, from the file named <paramref name="set"/> where present.</summary>
    public float[][] Embed(string set, IReadOnlyList<string> texts, Func<IReadOnlyList<string>, float[][]> encode)
    {
        var keys = texts.Select(Key).ToArray();
        var known = Read(set);
        var missing = Enumerable.Range(0, texts.Count).Where(i => !known.ContainsKey(keys[i])).ToList();
        if (missing.Count > 0)
        {
            var computed = encode(missing.Select(i => texts[i]).ToList());
            for (var j = 0; j < missing.Count; j++) known[keys[missing[j]]] = computed[j];
        }
        var result = keys.Select(k => known[k]).ToArray();
        if (missing.Count > 0 || known.Count != keys.Distinct().Count()) Write(set, keys, result);
        return result;
    }

    /// <summary>A stable hash of many strings: cache keys for things derived from them (a trained classifier).</summary>
    public static string Hash(IEnumerable<string> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(part));
            sha.AppendData([0]);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..32].ToLowerInvariant();
    }

    private static string Key(string text) => Hash([SentenceEmbedder.ModelId, text]);

    private string? PathOf(string set) => Directory is null ? null : System.IO.Path.Combine(Directory, set + ".vectors");

    private Dictionary<string, float[]> Read(string set)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var path = PathOf(set);
        if (path is null || !File.Exists(path)) return result;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadInt32() != SentenceEmbedder.Dimensions) return result;
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var v = new float[SentenceEmbedder.Dimensions];
                for (var d = 0; d < v.Length; d++) v[d] = reader.ReadSingle();
                result[key] = v;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException)
        {
            result.Clear();
        }
        return result;
    }

    private void Write(string set, IReadOnlyList<string> keys, IReadOnlyList<float[]> vectors)
    {
        var path = PathOf(set);
        if (path is null) return;
        try
        {
            System.IO.Directory.CreateDirectory(Directory!);
            var temp = path + "." + Environment.ProcessId + ".tmp";
            var unique = keys.Select((k, i) => (k, v: vectors[i])).DistinctBy(e => e.k).ToList();
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(Magic);
                writer.Write(SentenceEmbedder.Dimensions);
                writer.Write(unique.Count);
                foreach (var (k, v) in unique)
                {
                    writer.Write(k);
                    foreach (var x in v) writer.Write(x);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only file system: keep the vectors in memory only.
        }
    }

    /// <summary>Raw bytes kept beside the vectors (a trained model), or null.</summary>
    public byte[]? ReadBlob(string name)
    {
        var path = Directory is null ? null : System.IO.Path.Combine(Directory, name);
        try { return path is not null && File.Exists(path) ? File.ReadAllBytes(path) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public void WriteBlob(string name, byte[] bytes)
    {
        if (Directory is null) return;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = System.IO.Path.Combine(Directory, name);
            var temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
