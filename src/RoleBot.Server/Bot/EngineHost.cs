namespace RoleBot.Server.Bot;

/// <summary>
/// Loads the answer engine in the background at start-up, so /healthz answers at once and /readyz
/// says when the index is built. Anything that needs the engine before then simply awaits it.
/// </summary>
public sealed class EngineHost(IConfiguration configuration, ILogger<EngineHost> logger, Conversations.IConversationStore? sharedConversations = null) : IHostedService
{
    private readonly TaskCompletionSource<RoleBotEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _engine.Task.IsCompletedSuccessfully;
    public Task<RoleBotEngine> EngineAsync => _engine.Task;

    public string KnowledgePath =>
        configuration["Knowledge:Path"] is { Length: > 0 } configured
            ? configured
            : RoleBotEngine.FindDefaultKnowledge(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
              ?? throw new InvalidOperationException("Cannot find the knowledge/ folder; set Knowledge:Path.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() =>
        {
            try
            {
                var engine = RoleBotEngine.Shared(KnowledgePath);
                // Conversations:Capacity (10,000) and Conversations:IdleMinutes (30) bound the remembered contexts.
                // Replicas share conversations through Redis when it is configured.
                if (sharedConversations is not null) engine.Conversations = sharedConversations;
                else if (configuration["Conversations:Capacity"] is not null || configuration["Conversations:IdleMinutes"] is not null)
                    engine.Conversations = new Conversations.InMemoryConversationStore(
                        configuration.GetValue("Conversations:Capacity", Conversations.InMemoryConversationStore.DefaultCapacity),
                        TimeSpan.FromMinutes(configuration.GetValue("Conversations:IdleMinutes", 30.0)));
                logger.LogInformation("Knowledge loaded: {Passages} passages from {Articles} articles", engine.Knowledge.Passages.Count, engine.Knowledge.Articles.Count);
                _engine.SetResult(engine);
            }
            catch (Exception e)
            {
                logger.LogCritical(e, "Could not load the knowledge base");
                _engine.SetException(e);
            }
        }, cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
