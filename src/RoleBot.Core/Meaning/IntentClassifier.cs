namespace RoleBot.Meaning;

/// <summary>What the classifier reads of one message: dense features and the indices of its word n-grams.</summary>
public sealed record IntentSample(float[] Dense, int[] Words);

/// <summary>
/// Multinomial logistic regression (softmax) over a message's sentence embedding, a few facts the
/// phrase matchers find, and its hashed word unigrams and bigrams. The embedding generalises to
/// wording never seen; the n-grams keep what a mean of token vectors blurs in a long message (a
/// "who" at the front, "vs" in the middle). Trained by full-batch gradient descent with momentum and
/// L2 on the intent example files only; the weights are cached by a hash of everything they were
/// learned from.
/// </summary>
public sealed class IntentClassifier
{
    /// <summary>Changes whenever training changes, so cached weights from an older recipe are not reused.</summary>
    public const string Version = "softmax-ngrams-v1";

    /// <summary>Buckets the word n-grams are hashed into.</summary>
    public const int WordBuckets = 1 << 14;

    // Chosen by 5-fold cross-validation over the example files (rolebot cross-validate), never on a test set.
    private const int Epochs = 400;
    private const float LearningRate = 0.5f, Momentum = 0.9f, L2 = 3e-3f, WordWeight = 2f;

    public IReadOnlyList<string> Labels { get; }
    private readonly float[][] _dense;   // per label: dense features + bias
    private readonly float[][] _words;   // per label: one weight per bucket
    private readonly int _features;

    private IntentClassifier(IReadOnlyList<string> labels, float[][] dense, float[][] words)
    {
        Labels = labels;
        _dense = dense;
        _words = words;
        _features = dense[0].Length - 1;
    }

    /// <summary>Probabilities per label, in <see cref="Labels"/> order, summing to 1.</summary>
    public float[] Predict(IntentSample x)
    {
        var p = new float[Labels.Count];
        for (var k = 0; k < p.Length; k++) p[k] = Score(_dense[k], _words[k], x, _features);
        Softmax(p);
        return p;
    }

    private static float Score(float[] dense, float[] words, IntentSample x, int f)
    {
        var s = Vectors.Dot(dense.AsSpan(0, f), x.Dense) + dense[f];
        foreach (var i in x.Words) s += WordWeight * words[i];
        return s;
    }

    private static void Softmax(float[] z)
    {
        var max = z.Max();
        var sum = 0f;
        for (var i = 0; i < z.Length; i++) { z[i] = MathF.Exp(z[i] - max); sum += z[i]; }
        for (var i = 0; i < z.Length; i++) z[i] /= sum;
    }

    /// <summary>Learns from labelled samples; classes are weighted so a big one does not drown a small one.</summary>
    public static IntentClassifier Train(IReadOnlyList<IntentSample> xs, IReadOnlyList<string> ys)
    {
        var labels = ys.Distinct().Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(e => e.label, e => e.i);
        var n = xs.Count;
        var f = xs[0].Dense.Length;
        var k = labels.Count;
        var y = ys.Select(label => index[label]).ToArray();
        var counts = new int[k];
        foreach (var c in y) counts[c]++;
        var sampleWeight = y.Select(c => MathF.Sqrt((float)n / (k * counts[c]))).ToArray();
        var weightSum = sampleWeight.Sum();

        float[][] Rows(int width) => Enumerable.Range(0, k).Select(_ => new float[width]).ToArray();
        var (dense, denseV, denseG) = (Rows(f + 1), Rows(f + 1), Rows(f + 1));
        var (words, wordsV, wordsG) = (Rows(WordBuckets), Rows(WordBuckets), Rows(WordBuckets));
        var used = xs.SelectMany(x => x.Words).Distinct().ToArray();
        var p = new float[k];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            foreach (var g in denseG) Array.Clear(g);
            foreach (var g in wordsG) foreach (var i in used) g[i] = 0;
            for (var s = 0; s < n; s++)
            {
                for (var c = 0; c < k; c++) p[c] = Score(dense[c], words[c], xs[s], f);
                Softmax(p);
                for (var c = 0; c < k; c++)
                {
                    var err = (p[c] - (y[s] == c ? 1f : 0f)) * sampleWeight[s];
                    Vectors.AddScaled(denseG[c].AsSpan(0, f), xs[s].Dense, err);
                    denseG[c][f] += err;
                    foreach (var i in xs[s].Words) wordsG[c][i] += WordWeight * err;
                }
            }
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j <= f; j++) Step(dense[c], denseV[c], j, denseG[c][j] / weightSum + (j < f ? L2 * dense[c][j] : 0));
                foreach (var j in used) Step(words[c], wordsV[c], j, wordsG[c][j] / weightSum + L2 * words[c][j]);
            }
        }
        return new IntentClassifier(labels, dense, words);
    }

    private static void Step(float[] w, float[] v, int j, float gradient)
    {
        v[j] = Momentum * v[j] - LearningRate * gradient;
        w[j] += v[j];
    }

    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Labels.Count);
        writer.Write(_features);
        foreach (var label in Labels) writer.Write(label);
        foreach (var row in _dense) foreach (var v in row) writer.Write(v);
        foreach (var row in _words) foreach (var v in row) writer.Write(v);
        writer.Flush();
        return stream.ToArray();
    }

    public static IntentClassifier? Deserialize(byte[]? bytes, int features)
    {
        if (bytes is null) return null;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var k = reader.ReadInt32();
            if (reader.ReadInt32() != features || k <= 0 || k > 1000) return null;
            var labels = Enumerable.Range(0, k).Select(_ => reader.ReadString()).ToList();
            var dense = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, features + 1).Select(_ => reader.ReadSingle()).ToArray()).ToArray();
            var words = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, WordBuckets).Select(_ => reader.ReadSingle()).ToArray()).ToArray();
            return new IntentClassifier(labels, dense, words);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException) { return null; }
    }
}
