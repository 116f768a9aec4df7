using System.Net.Sockets;
using System.Runtime.InteropServices;
using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.SharedState;

/// <summary>
/// A real PostgreSQL (Debian's, installed by tests/e2e-setup.sh) in a fresh temp directory on a free
/// loopback port: initdb'd with trust auth for user "rolebot", database "rolebot" created, no fsync.
/// It can be stopped (a fast shutdown, as an outage would) and started again on the same data
/// directory and port, so what was committed survives. PostgreSQL refuses to run as root, so when
/// the tests are root (CI) initdb, postgres and pg_ctl run as the "postgres" OS user (setpriv), and
/// the temp directory belongs to that user. Disposing stops it and deletes the directory.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "rolebot";
    public const string Database = "rolebot";
    private const string Ready = "database system is ready to accept connections";

    private readonly Binaries _bin;
    private readonly RunAs? _runAs;
    private readonly string _dir;
    private ChildProcess? _process;
    private int _starts;

    public int Port { get; } = EndToEndEnvironment.FreePort();

    /// <summary>An Npgsql connection string (trust auth: no password).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database={Database}";

    /// <summary>The same, as a libpq URI (for psql).</summary>
    public string Url => $"postgresql://{User}@127.0.0.1:{Port}/{Database}";

    /// <summary>The psql to talk to it with: the one beside initdb, else /usr/bin/psql.</summary>
    public string PsqlPath => _bin.Psql;

    /// <summary>The temp directory: the data directory (data/) and the server's unix socket.</summary>
    public string TempDirectory => _dir;

    private string DataDir => Path.Combine(_dir, "data");

    private PostgresServer(Binaries bin, RunAs? runAs, string dir)
    {
        _bin = bin;
        _runAs = runAs;
        _dir = dir;
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Binaries.Find();
        var runAs = Environment.IsPrivilegedProcess ? RunAs.Postgres() : null;
        var dir = Directory.CreateTempSubdirectory("rolebot-pg-").FullName;
        var server = new PostgresServer(bin, runAs, dir);
        try
        {
            runAs?.Own(dir);
            await server.RunAsync("initdb", bin.Initdb,
                ["-D", server.DataDir, "-U", User, "-A", "trust", "--no-sync", "--no-locale", "-E", "UTF8"],
                TimeSpan.FromSeconds(60));
            await server.StartAgainAsync();
            await server.RunAsync("createdb", bin.Psql,
                ["-X", "-v", "ON_ERROR_STOP=1", "-d", $"postgresql://{User}@127.0.0.1:{server.Port}/postgres",
                 "-c", $"CREATE DATABASE {Database}"],
                TimeSpan.FromSeconds(30), asServerUser: false);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts postgres on the existing data directory and port; returns once it accepts TCP connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException($"PostgreSQL is already running on {Port}.");
        _starts++;
        var (file, args) = Command(_bin.Postgres,
            ["-D", DataDir, "-p", Port.ToString(),
             "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={_dir}",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        var process = _process = ChildProcess.Start("postgres", file, args, _dir, CleanEnvironment,
            Path.Combine(EndToEndEnvironment.ArtifactsDir, $"postgres-{Port}-{_starts}.log"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            if (process.Tail(300).Contains(Ready))
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", Port);
                    return;
                }
                catch (SocketException) { }
            }
            await Task.Delay(50);
        }
        var description = process.Describe();
        await StopAsync();
        throw new TimeoutException($"PostgreSQL did not accept connections on 127.0.0.1:{Port} within 30 s.\n{description}");
    }

    /// <summary>A fast shutdown (pg_ctl stop -m fast: clients are disconnected, committed data is kept).</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        if (!process.HasExited)
        {
            try
            {
                await RunAsync($"stop-{_starts}", _bin.PgCtl, ["stop", "-D", DataDir, "-m", "fast", "-w", "-t", "30"],
                    TimeSpan.FromSeconds(45));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Fall through: the ChildProcess sends SIGTERM, then kills the process tree.
            }
        }
        await process.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>Runs one of the PostgreSQL programs to completion; throws with its output if it fails.</summary>
    private async Task RunAsync(string step, string binary, IEnumerable<string> arguments, TimeSpan timeout, bool asServerUser = true)
    {
        var (file, args) = asServerUser ? Command(binary, arguments) : (binary, arguments);
        await using var process = ChildProcess.Start(step, file, args, _dir, CleanEnvironment,
            Path.Combine(EndToEndEnvironment.ArtifactsDir, $"postgres-{Port}-{step}.log"));
        var exit = await process.WaitForExitAsync(timeout);
        if (exit != 0)
            throw new InvalidOperationException($"{step} failed with exit code {exit}.\n{process.Describe()}");
    }

    /// <summary>The command line that runs <paramref name="binary"/>: as the postgres user when the tests are root.</summary>
    private (string File, IEnumerable<string> Arguments) Command(string binary, IEnumerable<string> arguments) =>
        _runAs is null ? (binary, arguments) : _runAs.Wrap(binary, arguments);

    /// <summary>No PG* variables from the machine: everything the programs need is on their command lines.</summary>
    private static IReadOnlyDictionary<string, string?> CleanEnvironment { get; } =
        new[] { "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGSERVICE",
                "PGSERVICEFILE", "PGOPTIONS", "PGDATA", "PGSSLMODE", "PGCLUSTER" }
            .ToDictionary(name => name, _ => (string?)null);

    private sealed record Binaries(string Initdb, string PgCtl, string Postgres, string Psql)
    {
        /// <summary>initdb from PATH, /usr/local/bin or the highest /usr/lib/postgresql/N/bin; pg_ctl and postgres beside it.</summary>
        public static Binaries Find()
        {
            var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
            var versioned = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                    .OrderByDescending(d => d.Version)
                    .Select(d => d.Dir)
                : [];
            var initdb = path.Append("/usr/local/bin").Concat(versioned)
                             .Select(dir => Path.Combine(dir, "initdb"))
                             .FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException(
                             "PostgreSQL is not installed (no initdb in PATH, /usr/local/bin or /usr/lib/postgresql/*/bin): " +
                             "run tests/e2e-setup.sh (or bash tests/run.sh) first.");
            // /usr/local/bin/initdb is often a link into /usr/lib/postgresql/N/bin, where the rest lives.
            var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var dirs = new[] { Path.GetDirectoryName(real)!, Path.GetDirectoryName(initdb)! }.Distinct().ToArray();
            string Beside(string name, params string[] fallbacks) =>
                dirs.Select(dir => Path.Combine(dir, name)).Concat(fallbacks).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    $"{initdb} has no {name} beside it: PostgreSQL is incompletely installed; run tests/e2e-setup.sh (or bash tests/run.sh).");
            return new Binaries(initdb, Beside("pg_ctl"), Beside("postgres"), Beside("psql", "/usr/bin/psql"));
        }
    }

    /// <summary>The OS user the server runs as when the tests are root: Debian's "postgres".</summary>
    private sealed class RunAs(string name, uint uid, uint gid)
    {
        public static RunAs Postgres()
        {
            var entry = GetPwNam("postgres");
            if (entry == IntPtr.Zero)
                throw new InvalidOperationException(
                    "The tests run as root, which PostgreSQL refuses to run as, and there is no \"postgres\" user to run it as " +
                    "(Debian's postgresql package creates one): run tests/e2e-setup.sh (or bash tests/run.sh), or run the tests as a non-root user.");
            // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
            var uid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
            var gid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size + 4);
            return new RunAs("postgres", uid, gid);
        }

        public void Own(string path)
        {
            if (Chown(path, uid, gid) != 0)
                throw new InvalidOperationException($"chown {name} {path} failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        /// <summary>setpriv execs the program (no fork), so the pid the tests hold is the program's own.</summary>
        public (string File, IEnumerable<string> Arguments) Wrap(string binary, IEnumerable<string> arguments)
        {
            var setpriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
            if (setpriv is not null)
                return (setpriv, new[] { $"--reuid={uid}", $"--regid={gid}", "--init-groups", "--", binary }.Concat(arguments));
            var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists)
                          ?? throw new InvalidOperationException("The tests run as root and neither setpriv nor runuser (util-linux) is installed to run PostgreSQL as postgres.");
            return (runuser, new[] { "-u", name, "--", binary }.Concat(arguments));
        }

        [DllImport("libc", EntryPoint = "getpwnam", SetLastError = true)]
        private static extern IntPtr GetPwNam(string name);

        [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
        private static extern int Chown(string path, uint owner, uint group);
    }
}
