using RoleBot.Meaning;

namespace RoleBot.Tests;

/// <summary>
/// Many people asking at once, and many texts encoded at once: each text must still get the vector
/// (so the reading and the answer) it gets when encoded alone.
/// </summary>
public sealed class EncodingUnderLoadTests
{
    private static readonly string[] Questions =
    [
        "sre?",
        "what does a site reliability engineer do all day",
        "hi! I'm new here, started monday on the payments team. when the checkout service is down at night and the alerts keep firing, who do I page and which channel do I post in first?",
        "devops vs platform",
        "which role fits me, I like automating builds but hate being on call",
        "who owns terraform for our vpcs",
    ];

    [Fact]
    public void Questions_asked_at_the_same_time_get_the_vectors_they_get_alone()
    {
        var embedder = SentenceEmbedder.Shared;
        var alone = Questions.Select(embedder.Embed).ToArray();

        var together = new float[48][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 48 },
            i => together[i] = embedder.Embed(Questions[i % Questions.Length]));

        for (var i = 0; i < together.Length; i++)
            Assert.True(Vectors.Dot(alone[i % Questions.Length], together[i]) > 0.999f,
                $"'{Questions[i % Questions.Length]}' read differently when asked with others");
    }

    [Fact]
    public void Many_texts_encoded_in_batches_side_by_side_come_back_in_their_order()
    {
        // More than one batch of 32, so the batches run in parallel and their vectors must be put back in place.
        var texts = Enumerable.Range(0, 100).Select(i => Questions[i % Questions.Length] + " number " + i).ToList();

        var vectors = SentenceEmbedder.Shared.EmbedBatch(texts);

        // A batch is not bit-for-bit a lone encoding (the int8 activations' scale spans the batch:
        // cosine 0.985-0.99), so each vector must be its own text's and no neighbour's.
        Assert.Equal(texts.Count, vectors.Length);
        foreach (var i in new[] { 0, 1, 37, 64, 98 })
        {
            var own = Vectors.Dot(SentenceEmbedder.Shared.Embed(texts[i]), vectors[i]);
            var next = Vectors.Dot(SentenceEmbedder.Shared.Embed(texts[i + 1]), vectors[i]);
            Assert.True(own > 0.98f && own > next, $"text {i} got another text's vector ({own:F3}, next text {next:F3})");
        }
    }

    [Fact]
    public void A_fit_message_clause_gets_the_same_vector_with_others_or_alone_and_a_repeat_costs_no_encoding()
    {
        var embedder = SentenceEmbedder.Shared;
        var clauses = new[] { "i like automating builds", "i hate being on call at night", "i enjoy cloud networking" };
        var cache = new QueryEmbeddings(embedder);

        var together = cache.GetMany(clauses);
        var again = cache.GetMany(clauses);

        for (var k = 0; k < clauses.Length; k++)
        {
            // The very vector it gets alone: the reading of a clause does not depend on its neighbours.
            Assert.Equal(embedder.Embed(clauses[k]), together[k]);
            Assert.Same(together[k], again[k]); // remembered, not encoded again
        }
    }
}
