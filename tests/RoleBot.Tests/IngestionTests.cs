using System.Text.RegularExpressions;
using RoleBot.Knowledge;

namespace RoleBot.Tests;

/// <summary>
/// Loading knowledge: front matter, raw saved pages (.txt, .html) with their chrome stripped, sections,
/// kinds and roles read from headings, the metadata comment, and the errors a misconfigured folder gives.
/// </summary>
public sealed class IngestionTests
{
    private static readonly RoleCatalog Catalog = RoleCatalog.Load(Paths.Knowledge);

    private static Article Parse(string file, string content) => new ArticleParser(new RoleTagger(Catalog)).Parse(file, content);

    private static KnowledgeBase Load(params (string File, string Content)[] documents) => KnowledgeBase.FromDocuments(Catalog, documents);

    /// <summary>Everything a passage can show a user: heading, summary and details.</summary>
    private static string Shown(Passage p) => p.Heading + "\n" + p.Text;

    private static string AllShown(IEnumerable<Passage> passages) => string.Join("\n", passages.Select(Shown));

    private static Passage WithSummary(IEnumerable<Passage> passages, string start) =>
        Assert.Single(passages, p => p.Summary.StartsWith(start, StringComparison.Ordinal));

    // ---- front matter ----

    [Fact]
    public void Front_matter_gives_the_title_roles_kind_and_sources()
    {
        var article = Parse("roles/sre.md", """
            ---
            title: Site Reliability Engineer (SRE)
            roles: [sre]
            kind: role
            sources:
              - "Article one: what SREs do"
              - "Article two"
            ---

            # Site Reliability Engineer (SRE)

            ## Definition

            An SRE is a software engineer who keeps production reliable.

            - SLOs and error budgets guide the work.

            ## Interview tips

            Practise talking through a major outage.
            """);

        Assert.Equal("Site Reliability Engineer (SRE)", article.Title);
        Assert.Equal(["sre"], article.Roles);
        Assert.Equal("role", article.Kind);
        Assert.Equal(["Article one: what SREs do", "Article two"], article.Sources);

        // The H1 title alone is not a passage; each ## section is, and carries the file's metadata.
        Assert.Equal(["Definition", "Interview tips"], article.Passages.Select(p => p.Heading));
        var definition = article.Passages[0];
        Assert.Equal(PassageKind.Definition, definition.Kind);
        Assert.Equal(["sre"], definition.Roles);
        Assert.Equal("An SRE is a software engineer who keeps production reliable.", definition.Summary);
        Assert.Equal(["- SLOs and error budgets guide the work."], definition.Details);
        Assert.Equal(PassageKind.Interview, article.Passages[1].Kind);
        Assert.All(article.Passages, p =>
        {
            Assert.Equal("Site Reliability Engineer (SRE)", p.ArticleTitle);
            Assert.Equal("roles/sre.md", p.File);
            Assert.Equal(article.Sources, p.Sources);
        });
        Assert.DoesNotContain("kind: role", AllShown(article.Passages));
    }

    [Fact]
    public void A_file_without_front_matter_still_loads_with_a_title_from_its_first_line()
    {
        using var folder = new TempFolder();
        folder.Write("notes.md", "# Platform engineering notes\n\nPlatform engineers build golden paths so product teams can ship safely.\n");
        folder.Write("pasted.txt", "Reliability work in practice\nSREs set SLOs with product teams and run blameless postmortems.\n");

        var kb = KnowledgeBase.Load(folder.Path);

        var notes = Assert.Single(kb.Articles, a => a.File == "notes.md");
        Assert.Equal("Platform engineering notes", notes.Title);
        Assert.Equal(["Platform engineering notes"], notes.Sources);
        Assert.Contains(notes.Passages, p => p.Summary == "Platform engineers build golden paths so product teams can ship safely.");
        var pasted = Assert.Single(kb.Articles, a => a.File == "pasted.txt");
        Assert.Equal("Reliability work in practice", pasted.Title);
        Assert.Contains(pasted.Passages, p => p.Summary.StartsWith("SREs set SLOs"));
    }

    [Fact]
    public void Malformed_front_matter_is_ignored_rather_than_failing_the_load()
    {
        var article = Parse("broken.md", "---\ntitle: [unclosed\nroles: sre\n---\n\n## Focus\n\nDevOps engineers care about the speed and safety of delivering change.\n");

        var passage = Assert.Single(article.Passages);
        Assert.Equal("DevOps engineers care about the speed and safety of delivering change.", passage.Summary);
        Assert.DoesNotContain("unclosed", AllShown(article.Passages));
    }

    // ---- chrome in saved pages ----

    [Fact]
    public void Txt_page_chrome_and_the_comment_section_are_stripped()
    {
        var article = Parse("page.txt", """
            Skip to main content

            Command Palette

            Search for a command to run...

            Understanding Platform Teams and Reliability Work

            Updated
            7 min read
            N
            Lead SWE @ Example Labs | Web3 & Full Stack | DevOps Practitioner (Linux, Docker, K8s)

            Platform engineers build internal developer platforms so product teams can ship safely.

            SREs keep production reliable with SLOs, alerts and blameless postmortems.

            Still unsure which role fits you? Let's discuss in the comments.
            Top comments (2)
            This is an amazing piece of content @thecloudarchitect
            Great article, please write about FinOps next.
            To view or add a comment, sign in
            """);

        var shown = AllShown(article.Passages);
        Assert.Contains("Platform engineers build internal developer platforms so product teams can ship safely.", shown);
        Assert.Contains("SREs keep production reliable with SLOs, alerts and blameless postmortems.", shown);
        Assert.Contains("Still unsure which role fits you?", shown);
        Assert.Equal("Understanding Platform Teams and Reliability Work", article.Title);
        foreach (var chrome in new[]
                 {
                     "Skip to main content", "Command Palette", "Search for a command", "7 min read", "Updated", "Lead SWE",
                     "discuss in the comments", "Top comments", "@thecloudarchitect", "amazing piece", "FinOps", "sign in",
                 })
            Assert.DoesNotContain(chrome, shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Everything_after_thanks_for_reading_is_dropped()
    {
        var article = Parse("post.txt", """
            DevOps in practice

            DevOps engineers automate the path from a commit to production with CI/CD pipelines.

            Thanks for reading! If this resonates with your company, drop a comment and share your thoughts!

            Such a clear breakdown, I loved the part about pipelines.

            To view or add a comment, sign in

            Others also viewed

            Ten Kubernetes tricks you did not know
            """);

        var shown = AllShown(article.Passages);
        Assert.Contains("DevOps engineers automate the path from a commit to production with CI/CD pipelines.", shown);
        foreach (var chrome in new[] { "Thanks for reading", "drop a comment", "clear breakdown", "sign in", "Others also viewed", "Kubernetes tricks" })
            Assert.DoesNotContain(chrome, shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_series_footer_ends_the_article()
    {
        var article = Parse("series.txt", """
            Cloud foundations

            Cloud engineers design networks, identity and accounts as the foundation every team builds on.

            Part 3 of 3

            A practical series covering cloud, DevOps, platform engineering and infrastructure concepts.

            Start from the beginning
            """);

        var shown = AllShown(article.Passages);
        Assert.Contains("Cloud engineers design networks, identity and accounts as the foundation every team builds on.", shown);
        foreach (var chrome in new[] { "Part 3 of 3", "A practical series", "Start from the beginning" })
            Assert.DoesNotContain(chrome, shown, StringComparison.OrdinalIgnoreCase);
    }

    // ---- saved HTML ----

    private const string HtmlPage = """
        <!DOCTYPE html>
        <html>
        <head>
          <title>Platform &amp; SRE roles</title>
          <style>body { color: red; }</style>
          <script>window.track("Sign in to continue");</script>
        </head>
        <body>
          <nav><a href="/">Home</a> <a href="/login">Sign in</a> Navigation links</nav>
          <header><p>Site header banner</p></header>
          <main>
            <h1>Platform &amp; SRE roles</h1>
            <h2>What SREs do</h2>
            <p>SREs keep production reliable &amp; fast, and they &quot;own&quot; the SLOs.</p>
            <ul>
              <li>Define SLOs &amp; error budgets with product teams.</li>
              <li>Lead incident response &ndash; calmly &#x2014; and write postmortems.</li>
            </ul>
            <h2>Platform teams</h2>
            <p>Platform engineers build golden paths&nbsp;for product teams.</p>
          </main>
          <aside>Related posts sidebar</aside>
          <footer><p>Copyright footer 2024</p></footer>
          <script>console.log("footer script");</script>
        </body>
        </html>
        """;

    [Fact]
    public void Html_page_furniture_and_scripts_are_removed()
    {
        var article = Parse("saved/page.html", HtmlPage);

        var shown = AllShown(article.Passages);
        foreach (var furniture in new[]
                 {
                     "window.track", "Sign in", "Navigation links", "Home", "Site header banner", "Related posts",
                     "Copyright footer", "console.log", "color: red", "<", ">",
                 })
            Assert.DoesNotContain(furniture, shown, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Platform & SRE roles", article.Title);
    }

    [Fact]
    public void Html_headings_become_sections_list_items_become_bullets_and_entities_are_decoded()
    {
        var article = Parse("saved/page.html", HtmlPage);

        var sre = Assert.Single(article.Passages, p => p.Heading == "What SREs do");
        Assert.Equal("SREs keep production reliable & fast, and they \"own\" the SLOs.", sre.Summary);
        Assert.Equal(["- Define SLOs & error budgets with product teams.", "- Lead incident response – calmly — and write postmortems."], sre.Details);
        Assert.Contains("sre", sre.Roles);

        var platform = Assert.Single(article.Passages, p => p.Heading == "Platform teams");
        Assert.Equal("Platform engineers build golden paths for product teams.", platform.Summary);
        Assert.Contains("platform", platform.Roles);
        foreach (var entity in new[] { "&amp;", "&quot;", "&nbsp;", "&ndash;", "&#x" })
            Assert.DoesNotContain(entity, AllShown(article.Passages));
    }

    [Fact]
    public void Html_entities_for_angle_brackets_keep_their_text()
    {
        var article = Parse("latency.html",
            "<h2>Latency targets</h2><p>Keep p99 latency &lt; 300 ms and alert when errors are &gt; 1% of requests.</p><p>Use List&lt;T&gt; freely.</p>");
        var markdown = Parse("latency.md", "## Latency targets\n\nKeep p99 latency < 300 ms and alert when errors are > 1% of requests.\n");

        var shown = AllShown(article.Passages);
        Assert.Contains("Keep p99 latency < 300 ms and alert when errors are > 1% of requests.", shown);
        Assert.Contains("List<T>", shown);
        Assert.Contains("Keep p99 latency < 300 ms and alert when errors are > 1% of requests.", AllShown(markdown.Passages));
    }

    [Fact]
    public void A_hard_wrapped_html_paragraph_stays_one_paragraph()
    {
        var article = Parse("wrapped.html", """
            <html><body>
            <h2>Platform teams</h2>
            <p>Platform engineers build golden paths with
            Backstage and Crossplane so product teams ship safely.</p>
            </body></html>
            """);

        var passage = Assert.Single(article.Passages);
        Assert.Equal("Platform teams", passage.Heading);
        Assert.Equal("Platform engineers build golden paths with Backstage and Crossplane so product teams ship safely.", passage.Summary);
    }

    // ---- sections ----

    [Fact]
    public void Markdown_is_split_at_headings_and_wrapped_lines_are_joined()
    {
        var article = Parse("notes.md", """
            ## Focus
            DevOps engineers care about
            the speed and safety of delivery.

            ## Skills
            Scripting, CI/CD and containers are the basics.
            """);

        Assert.Equal(["Focus", "Skills"], article.Passages.Select(p => p.Heading));
        Assert.Equal("DevOps engineers care about the speed and safety of delivery.", article.Passages[0].Summary);
        Assert.Equal("Scripting, CI/CD and containers are the basics.", article.Passages[1].Summary);
    }

    [Fact]
    public void Plain_text_is_split_at_guessed_headings_and_a_general_section_at_its_paragraphs()
    {
        var article = Parse("perspective.txt", """
            Working with the roles

            Main focus
            DevOps engineers care about the speed and safety of delivering change.

            My Personal Perspective
            Having worked in the industry, I have seen many teams struggle to define these roles.
            For Individuals: do not be confined by job titles, and keep learning new skills every year.
            For Businesses: tailor roles and responsibilities to what your organisation needs most.
            """);

        var focus = Assert.Single(article.Passages, p => p.Heading == "Main focus");
        Assert.Equal(PassageKind.Focus, focus.Kind);
        Assert.Equal("DevOps engineers care about the speed and safety of delivering change.", focus.Summary);

        // A heading that says nothing about kind or role: each paragraph answers on its own.
        var perspective = article.Passages.Where(p => p.Heading == "My Personal Perspective").ToList();
        Assert.Equal(3, perspective.Count);
        Assert.StartsWith("Having worked in the industry", perspective[0].Summary);
        Assert.StartsWith("For Individuals:", perspective[1].Summary);
        Assert.StartsWith("For Businesses:", perspective[2].Summary);
        Assert.All(perspective, p => Assert.Empty(p.Details));
    }

    // ---- Markdown structure (Markdig) ----

    [Fact]
    public void Markdown_nested_lists_keep_their_nesting_and_inline_markup_becomes_plain_words()
    {
        var article = Parse("notes/sre-work.md", """
            # Reliability work, in practice

            ## 1. What the work looks like:

            SREs keep production **reliable** with [SLOs](https://example.com/slo) and _calm_ incident response.

            - Running the on-call rotation:
              - Paging policies and escalation
              - Handover notes between shifts
            - Writing `runbooks` for every alert
            """);

        var passage = Assert.Single(article.Passages, p => p.Summary.StartsWith("SREs keep production"));
        Assert.Equal("What the work looks like", passage.Heading);
        Assert.Equal("SREs keep production reliable with SLOs and calm incident response.", passage.Summary);
        Assert.Equal(
            ["- Running the on-call rotation:", "  - Paging policies and escalation", "  - Handover notes between shifts", "- Writing runbooks for every alert"],
            passage.Details);
        foreach (var markup in new[] { "**", "](", "`", "_calm_", "https://" })
            Assert.DoesNotContain(markup, AllShown(article.Passages));
    }

    [Fact]
    public void Text_with_hash_headings_is_read_as_markdown()
    {
        var article = Parse("pasted.txt", """
            # Working on a platform team

            Platform engineers build golden paths so product teams can ship on their own.

            # Day-to-day tools

            * Backstage for the developer portal
              * plugins for every internal service
            * Crossplane for self-service infrastructure
            """);

        Assert.Equal("Working on a platform team", article.Title);
        var tools = Assert.Single(article.Passages, p => p.Kind == PassageKind.Tools);
        Assert.Equal("Day-to-day tools", tools.Heading);
        Assert.Equal("Backstage for the developer portal: plugins for every internal service", tools.Summary);
        Assert.Equal(["- Crossplane for self-service infrastructure"], tools.Details);
    }

    [Fact]
    public void Saved_html_nested_lists_keep_their_nesting()
    {
        var article = Parse("saved/cloud.html", """
            <html><head><title>Cloud foundations</title></head><body>
            <h2>What cloud engineers look after</h2>
            <p>Cloud engineers own the accounts, networks and identity every team builds on.</p>
            <ul>
              <li>Networking:
                <ul><li>VPCs and subnets</li><li>Private DNS zones</li></ul>
              </li>
              <li><p>Identity and access management</p></li>
            </ul>
            </body></html>
            """);

        var passage = Assert.Single(article.Passages);
        Assert.Equal("Cloud foundations", article.Title);
        Assert.Equal(["- Networking:", "  - VPCs and subnets", "  - Private DNS zones", "- Identity and access management"], passage.Details);
    }

    [Theory]
    [InlineData("1. Why so many roles in the first place?:", "Why so many roles in the first place?", false)]
    [InlineData("1. Why so many roles in the first place?", "Why so many roles in the first place?", true)]
    [InlineData("2) Tools of the trade", "Tools of the trade", true)]
    [InlineData("Step 3: Pick a role", "Pick a role", true)]
    [InlineData("I. Overview:", "Overview", true)]
    [InlineData("1.2 Core skills", "Core skills", true)]
    [InlineData("10. Final thoughts -", "Final thoughts", false)]
    [InlineData("24/7 on-call, explained", "24/7 on-call, explained", true)]
    public void Section_titles_lose_their_numbering_and_trailing_colons(string heading, string expected, bool alsoAsPlainText)
    {
        const string body = "SREs keep production reliable with SLOs and calm incident response.";
        var markdown = Parse("guide.md", $"## {heading}\n\n{body}\n");
        Assert.Equal(expected, Assert.Single(markdown.Passages).Heading);

        if (!alsoAsPlainText) return;
        var text = Parse("guide.txt", $"A guide to the roles\n\n{heading}\n\n{body}\n");
        Assert.Equal(expected, Assert.Single(text.Passages).Heading);
    }

    [Fact]
    public void A_flat_pasted_list_nests_the_items_an_item_ending_in_a_colon_introduces()
    {
        var article = Parse("cloud.txt", """
            Cloud work explained

            Typical responsibilities

              • Setting up accounts and landing zones

              • Running shared services:

              • Container registries

              • Secrets storage (Vault, KMS)

              • Reviewing network changes with security teams

              • Keeping costs visible: budgets, alerts, tagging
            """);

        var passage = Assert.Single(article.Passages, p => p.Kind == PassageKind.Responsibilities);
        Assert.Equal("Setting up accounts and landing zones", passage.Summary);
        Assert.Equal(
        [
            "- Running shared services:", "  - Container registries", "  - Secrets storage (Vault, KMS)",
            "- Reviewing network changes with security teams", "- Keeping costs visible: budgets, alerts, tagging",
        ], passage.Details);
    }

    // ---- titles ----

    [Fact]
    public void An_article_without_a_title_is_cited_by_its_opening_heading_or_first_line_never_its_file_name()
    {
        var heading = Parse("a1b2c3.md", "## Notes on platform teams\n\nPlatform engineers build golden paths so product teams can ship safely.\n");
        var sentence = Parse("f00d.txt", "If you have ever wondered who keeps production up at night, this note is for you. It covers SREs.\n\nSREs set SLOs with product teams.\n");
        var textFirst = Parse("x9.md", "Most teams mix these roles up, and the job titles on offer do not help at all when you are hiring for them.\n\n## The SRE\n\nSREs set SLOs with product teams.\n");

        Assert.Equal("Notes on platform teams", heading.Title);
        Assert.Equal("If you have ever wondered who keeps production up at night, this note is for you", sentence.Title);
        Assert.StartsWith("Most teams mix these roles up, and the job titles on offer do not help", textFirst.Title);
        Assert.EndsWith("…", textFirst.Title);
        foreach (var article in new[] { heading, sentence, textFirst })
        {
            Assert.DoesNotContain(Path.GetFileNameWithoutExtension(article.File), article.Title);
            Assert.All(article.Passages, p => Assert.Equal(article.Title, p.ArticleTitle));
        }
    }

    // ---- which role a passage is about ----

    [Fact]
    public void A_list_item_is_about_the_role_it_opens_with_not_the_roles_it_mentions()
    {
        var article = Parse("one-liners.txt", """
            The roles in one line

            One-line definitions

              • Site Reliability Engineer (SRE): a software engineer who keeps production reliable with SLOs.

              • Platform Engineer: builds the paved road developers use to ship.

              • Developers build the product features customers pay for, with help from DevOps.
            """);

        Assert.Equal(["sre"], WithSummary(article.Passages, "Site Reliability Engineer (SRE):").Roles);
        Assert.Equal(["platform"], WithSummary(article.Passages, "Platform Engineer:").Roles);
        Assert.Equal(["developer"], WithSummary(article.Passages, "Developers build the product").Roles);
    }

    [Fact]
    public void A_section_about_development_is_about_developers()
    {
        var article = Parse("roles.txt", """
            The roles around the code

            What is Development?
            Development means writing the application code and business logic; with DevOps practices, developers also ship it.
            What is DevOps?
            DevOps brings development and operations together around automated delivery.
            """);

        Assert.Equal(["developer"], WithSummary(article.Passages, "Development means writing").Roles);
        Assert.Equal(["devops"], WithSummary(article.Passages, "DevOps brings development").Roles);
    }

    [Fact]
    public void An_arrow_line_continues_the_item_before_it()
    {
        var article = Parse("paths.txt", """
            Choosing a path

            Which path is right for you?

            A few rules of thumb:

              • You like pipelines and painless releases

            → DevOps is probably your home.

              • You like digging into outages and metrics

            SRE could be the one.

              • DevOps Engineer

              • → Automates the path from commit to production.
            """);

        var shown = AllShown(article.Passages);
        Assert.DoesNotContain("→", shown);
        Assert.Equal(["devops"], WithSummary(article.Passages, "You like pipelines and painless releases. DevOps is probably your home.").Roles);
        Assert.Equal(["sre"], WithSummary(article.Passages, "You like digging into outages and metrics. SRE could be the one.").Roles);
        Assert.Contains(article.Passages, p => p.Summary == "DevOps Engineer: Automates the path from commit to production.");
    }

    // ---- kinds and roles from headings ----

    [Theory]
    [InlineData("Day-to-Day Tools:", PassageKind.Tools)]
    [InlineData("Interview Prep Tips:", PassageKind.Interview)]
    [InlineData("Common misconception", PassageKind.Misconception)]
    [InlineData("Typical responsibilities", PassageKind.Responsibilities)]
    [InlineData("What They Do:", PassageKind.Responsibilities)]
    [InlineData("Main focus", PassageKind.Focus)]
    [InlineData("Core skills", PassageKind.Skills)]
    [InlineData("Success looks like", PassageKind.Success)]
    [InlineData("Which Role Should You Choose?", PassageKind.Fit)]
    [InlineData("One-line definitions (the TL;DR)", PassageKind.Definition)]
    [InlineData("My Personal Perspective", PassageKind.General)]
    public void Kind_is_read_from_heading_words(string heading, PassageKind kind) =>
        Assert.Equal(kind, KindClassifier.FromHeading(heading));

    [Fact]
    public void Raw_article_sections_get_their_kind_from_headings_and_inline_labels()
    {
        var article = Parse("devops.txt", """
            DevOps, SRE and platform roles explained

            1. The DevOps Engineer - The Automation Expert
            Day-to-Day Tools:
            - CI/CD tools like Jenkins, GitLab CI, or GitHub Actions.
            - Scripting languages like Python or Bash for glue code.
            Interview Prep Tips:
            - Expect questions about troubleshooting a failed deployment.
            - Brush up on cloud networking basics and cost-saving strategies.
            Common misconception: Many companies believe that hiring a DevOps Engineer means they get someone to do it all.
            """);

        var tools = Assert.Single(article.Passages, p => p.Kind == PassageKind.Tools);
        Assert.Equal("Day-to-Day Tools", tools.Heading);
        Assert.StartsWith("CI/CD tools like Jenkins", tools.Summary);
        var interview = Assert.Single(article.Passages, p => p.Kind == PassageKind.Interview);
        Assert.Equal("Interview Prep Tips", interview.Heading);
        Assert.StartsWith("Expect questions about troubleshooting", interview.Summary);
        var misconception = Assert.Single(article.Passages, p => p.Kind == PassageKind.Misconception);
        Assert.Equal("Common misconception", misconception.Heading);
        Assert.Equal("Many companies believe that hiring a DevOps Engineer means they get someone to do it all.", misconception.Summary);
        // The numbered heading names the role; its subsections are about it.
        Assert.All(new[] { tools, interview, misconception }, p => Assert.Equal(["devops"], p.Roles));
    }

    [Fact]
    public void A_heading_naming_a_role_tags_its_subsections_with_that_role()
    {
        var article = Parse("roles.md", """
            # Notes on the roles

            ### The SRE
            #### What they do
            - Define SLOs and error budgets together with product teams.
            - Lead incident response during outages and write postmortems.
            #### Day-to-day tools
            - Prometheus and Grafana dashboards for every production service.
            """);

        var work = Assert.Single(article.Passages, p => p.Heading == "What they do");
        Assert.Equal(PassageKind.Responsibilities, work.Kind);
        Assert.Equal(["sre"], work.Roles);
        var tools = Assert.Single(article.Passages, p => p.Heading == "Day-to-day tools");
        Assert.Equal(PassageKind.Tools, tools.Kind);
        Assert.Equal(["sre"], tools.Roles);
    }

    [Fact]
    public void A_bullet_list_naming_one_role_per_item_is_split_per_role()
    {
        var article = Parse("differences.md", """
            ### Key differences in one sentence
            - DevOps engineers automate the path from code to production.
            - SREs keep systems running smoothly and fix them when they break.
            - Platform engineers build the tools and systems developers rely on daily.
            """);

        Assert.Equal(3, article.Passages.Count);
        Assert.Equal(["devops"], WithSummary(article.Passages, "DevOps engineers automate").Roles);
        Assert.Equal(["sre"], WithSummary(article.Passages, "SREs keep systems running").Roles);
        Assert.Equal(["platform"], WithSummary(article.Passages, "Platform engineers build").Roles);
        Assert.All(article.Passages, p => Assert.Equal(PassageKind.Definition, p.Kind));
    }

    [Fact]
    public void A_role_heading_does_not_leak_into_the_next_sibling_section()
    {
        var article = Parse("roles.md", """
            ### The SRE
            #### What they do
            - Define SLOs and error budgets together with product teams.

            ### Key differences in one sentence
            - DevOps engineers automate the path from code to production.
            - SREs keep systems running smoothly and fix them when they break.
            - Platform engineers build the tools and systems developers rely on daily.
            """);

        Assert.Equal(["devops"], WithSummary(article.Passages, "DevOps engineers automate").Roles);
        Assert.Equal(["sre"], WithSummary(article.Passages, "SREs keep systems running").Roles);
        Assert.Equal(["platform"], WithSummary(article.Passages, "Platform engineers build").Roles);
    }

    [Fact]
    public void Short_bullets_that_are_sentences_are_not_glued_together()
    {
        var article = Parse("tools.txt", """
            2. The SRE (Site Reliability Engineer) - The Reliability Guard
            Day-to-Day Tools:
            - Incident management tools (PagerDuty, Opsgenie).
            - Observability stacks (Prometheus, ELK).
            - Automation scripts to reduce repetitive tasks.
            """);

        var tools = Assert.Single(article.Passages, p => p.Kind == PassageKind.Tools);
        Assert.Equal("Incident management tools (PagerDuty, Opsgenie).", tools.Summary);
        Assert.Contains("- Observability stacks (Prometheus, ELK).", tools.Details);
    }

    // ---- the metadata comment ----

    [Fact]
    public void The_metadata_comment_sets_roles_aliases_and_kind()
    {
        var kb = Load(
            ("glossary.md", """
                ---
                title: Glossary
                roles: []
                kind: glossary
                sources: ["Test article"]
                ---

                ## SLO (service level objective)
                <!-- roles: sre; aliases: service level objective, reliability target -->

                An SLO is a target value for an SLI over a time window, such as 99.9% of requests succeeding.

                ## Toil
                <!-- roles: sre; kind: misconception -->

                Toil is manual, repetitive operational work that scales with the service.
                """),
            ("ownership.md", """
                ---
                title: Who owns which task
                roles: []
                kind: ownership
                sources: ["Test article"]
                ---

                ## Runbooks
                <!-- roles: sre, devops; aliases: runbook, playbooks -->

                The SRE team owns runbooks; DevOps engineers contribute deployment steps.
                """));

        var slo = Assert.Single(kb.Passages, p => p.Heading == "SLO (service level objective)");
        Assert.Equal(PassageKind.Glossary, slo.Kind);
        Assert.Equal(["sre"], slo.Roles);
        Assert.Equal(["service level objective", "reliability target"], slo.Aliases);
        Assert.DoesNotContain("<!--", slo.Text);
        Assert.DoesNotContain("aliases", slo.Text);

        Assert.Equal(PassageKind.Misconception, Assert.Single(kb.Passages, p => p.Heading == "Toil").Kind);

        // The order is kept: in ownership.md the first role is the owner.
        var runbooks = Assert.Single(kb.Passages, p => p.Heading == "Runbooks");
        Assert.Equal(PassageKind.Ownership, runbooks.Kind);
        Assert.Equal(["sre", "devops"], runbooks.Roles);

        // An alias is how people ask: the engine finds the term by it.
        using var engine = new RoleBotEngine(kb);
        var answer = engine.Ask("what is a reliability target?");
        Assert.Equal(RoleBot.Understanding.Intent.Concept, answer.Intent);
        Assert.Equal("SLO (service level objective)", answer.Reply.Title);
    }

    // ---- the folder ----

    [Fact]
    public void Readme_files_are_not_loaded()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# About this folder\n\nREADME text about how to edit the corpus, which must never be an answer.\n");
        folder.Write("roles/README.md", "# Role articles\n\nNested README text, also never an answer.\n");
        folder.Write("roles/sre.md", "---\ntitle: SRE\nroles: [sre]\nkind: role\nsources: [\"x\"]\n---\n\n## Definition\n\nAn SRE keeps production reliable.\n");

        var kb = KnowledgeBase.Load(folder.Path);

        Assert.Equal(["roles/sre.md"], kb.Articles.Select(a => a.File));
        Assert.DoesNotContain("README", AllShown(kb.Passages));
    }

    [Fact]
    public void An_empty_folder_is_a_KnowledgeException_saying_no_articles_were_found()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# Only a readme\n\nNothing to load here.\n");

        var e = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(folder.Path));
        Assert.Contains(folder.Path, e.Message);
        Assert.Contains("No articles", e.Message);
        Assert.Throws<KnowledgeException>(() => RoleBotEngine.Load(folder.Path));
    }

    [Fact]
    public void A_missing_folder_is_a_KnowledgeException_saying_it_was_not_found()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rolebot-missing-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<KnowledgeException>(() => RoleBotEngine.Load(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("not found", e.Message);
    }

    // ---- the seed articles ----

    [Fact]
    public void The_seed_articles_load_without_any_page_chrome()
    {
        var kb = KnowledgeBase.Load(Paths.Seeds);

        Assert.Equal(Directory.GetFiles(Paths.Seeds).Length, kb.Articles.Count);
        Assert.True(kb.Passages.Count >= 50, $"only {kb.Passages.Count} passages");
        var offending = new List<string>();
        foreach (var p in kb.Passages)
        {
            foreach (var chrome in new[]
                     {
                         "sign in", "comment", "comments", "min read", "Command Palette", "@thecloudarchitect", "Others also viewed",
                         "Part 3 of 3", "Skip to main content", "Thanks for reading", "Start from the beginning",
                         "Explore content categories", "Pro tips, check", "<figure", "<img",
                     })
            {
                // Whole words: "design internal" is not "sign in".
                var pattern = (char.IsLetterOrDigit(chrome[0]) ? @"\b" : "") + Regex.Escape(chrome) + (char.IsLetterOrDigit(chrome[^1]) ? @"\b" : "");
                if (Regex.IsMatch(Shown(p) + "\n" + p.ArticleTitle, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                    offending.Add($"{p.File} [{p.Heading}] contains \"{chrome}\": {p.Summary}");
            }
        }
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    [Fact]
    public void Seed_articles_are_cited_by_their_real_titles()
    {
        var kb = KnowledgeBase.Load(Paths.Seeds);
        var titles = kb.Articles.ToDictionary(a => a.File[..3], a => a.Title);

        Assert.Equal("DevOps vs SRE vs Platform Engineering: What's the Difference and Why Do Companies Get It Wrong?", titles["001"]);
        Assert.Equal("DevOps, SRE, and Platform Engineering: Understanding the Differences", titles["002"]);
        Assert.Equal("Understanding the Big Picture: Platform Engineer vs DevOps Engineer vs SRE vs Cloud Engineer", titles["003"]);
    }

    [Fact]
    public void Seed_role_sections_are_tagged_with_their_role()
    {
        var kb = KnowledgeBase.Load(Paths.Seeds);

        Assert.Equal(["devops"], WithSummary(kb.Passages, "Build and maintain CI/CD pipelines (the automated highways").Roles);
        Assert.Equal(["sre"], WithSummary(kb.Passages, "Define and track system reliability goals").Roles);
        Assert.Equal(PassageKind.Interview, WithSummary(kb.Passages, "Practice scenarios like").Kind);
        Assert.Equal(["cloud"], WithSummary(kb.Passages, "Designing VPCs, subnets, routing").Roles);
        Assert.Equal(PassageKind.Misconception, WithSummary(kb.Passages, "Some companies think SREs are just fancy system admins").Kind);
    }

    [Fact]
    public void Seed_sre_section_under_a_wrapped_heading_is_tagged_sre()
    {
        var kb = KnowledgeBase.Load(Paths.Seeds);

        Assert.Equal(["sre"], WithSummary(kb.Passages, "Defining SLIs & SLOs").Roles);
        Assert.Equal(["sre"], WithSummary(kb.Passages, "High uptime with fewer").Roles);
    }
}
