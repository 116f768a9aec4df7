using RoleBot.Meaning;

namespace RoleBot.Tests;

/// <summary>
/// Many people asking at once: the one encoder runs on many threads, and each question must still
/// get the vector (so the reading and the answer) it gets when asked alone.
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
    public void Questions_encoded_together_get_the_vectors_they_get_alone()
    {
        var embedder = SentenceEmbedder.Shared;
        var alone = Questions.Select(q => embedder.Embed(q + " (alone)")).ToArray();

        var together = new float[48][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 48 },
            i => together[i] = embedder.Embed(Questions[i % Questions.Length] + " (alone)"));

        for (var i = 0; i < together.Length; i++)
            Assert.True(Vectors.Dot(alone[i % Questions.Length], together[i]) > 0.999f,
                $"'{Questions[i % Questions.Length]}' read differently when asked with others");
    }
}
