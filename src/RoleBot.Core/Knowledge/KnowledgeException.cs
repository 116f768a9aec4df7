namespace RoleBot.Knowledge;

/// <summary>The knowledge folder cannot be used (missing, unreadable, or a malformed catalog).</summary>
public sealed class KnowledgeException(string message) : Exception(message);
