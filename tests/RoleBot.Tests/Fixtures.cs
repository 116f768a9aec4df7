using RoleBot.Knowledge;

namespace RoleBot.Tests;

/// <summary>Where things are in the clone: the repo root, its knowledge folder, the shared seeds beside it.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Knowledge => Path.Combine(RepoRoot, "knowledge");

    /// <summary>The five raw articles, in <c>shared/seeds</c> next to the clone.</summary>
    public static string Seeds => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "seeds"));

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RoleBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("RoleBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One engine over the repo's knowledge, shared by the tests that only read from it.</summary>
public sealed class EngineFixture : IDisposable
{
    public RoleBotEngine Engine { get; } = RoleBotEngine.Load(Paths.Knowledge);
    public void Dispose() => Engine.Dispose();
}

/// <summary>One engine over the raw seed articles.</summary>
public sealed class SeedEngineFixture : IDisposable
{
    public RoleBotEngine Engine { get; } = RoleBotEngine.Load(Paths.Seeds);
    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition("engine")]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>;
