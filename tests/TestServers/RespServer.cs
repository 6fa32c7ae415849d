using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Tests.Redis;

/// <summary>The RESP servers the tests can run against.</summary>
internal enum RespServerKind
{
    Redis,
    Garnet,
}

/// <summary>What a test needs of its server, independent of which server it is.</summary>
internal sealed record RespServerOptions(string? Password = null, bool Cluster = false);

/// <summary>
/// A RESP server process of the test's own, on a free loopback port, with its data in a temporary folder and an
/// append-only file, so that a restart after a kill keeps the data as a real outage would. The server is
/// redis-server when it is on the PATH, otherwise Garnet (hosted by tests/TestServers/GarnetHost, built with the
/// solution); <c>CACHING_TEST_SERVER=redis|garnet</c> forces one. Both are separate processes, so kill, SIGSTOP and
/// restart behave the same.
/// </summary>
internal sealed class RespServer : IAsyncDisposable
{
    public const string ServerVariable = "CACHING_TEST_SERVER";

    private static readonly Lazy<RespServerKind> PickedKind = new(PickKind);

    private readonly string _directory;
    private readonly RespServerOptions _options;
    private Process? _process;

    private RespServer(int port, RespServerOptions options)
    {
        Port = port;
        _options = options;
        _directory = Directory.CreateTempSubdirectory("caching-resp-").FullName;
    }

    /// <summary>The server every test of this run uses.</summary>
    public static RespServerKind Kind => PickedKind.Value;

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static Task<RespServer> StartAsync(RespServerOptions? options = null) => StartOnAsync(FreePort(), options);

    /// <summary>Starts a server on a port chosen earlier (to test a client that was waiting for it).</summary>
    public static async Task<RespServer> StartOnAsync(int port, RespServerOptions? options = null)
    {
        var server = new RespServer(port, options ?? new RespServerOptions());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>A free loopback port whose cluster bus port (port + 10000) is valid too.</summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10000 <= IPEndPoint.MaxPort)
            {
                return port;
            }
        }
    }

    /// <summary>Runs one command on this server (its own connection, so a test reads the server, not a client's view) and returns the reply as text.</summary>
    public async Task<string> CommandAsync(string command, params object[] arguments)
    {
        RedisResult result = await ExecuteAsync(command, arguments);
        return result.Resp2Type == ResultType.Array
            ? string.Join("\n", ((RedisResult[])result!).Select(r => r.ToString()))
            : result.ToString();
    }

    /// <summary>The bytes stored under a key, read on a connection of the test's own.</summary>
    public async Task<byte[]> GetBytesAsync(string key) => (byte[])(await ExecuteAsync("GET", [key]))!;

    private async Task<RedisResult> ExecuteAsync(string command, object[] arguments)
    {
        var configuration = new ConfigurationOptions
        {
            EndPoints = { Endpoint },
            AllowAdmin = true,
            Password = _options.Password,
            ConnectTimeout = 10_000,
            SyncTimeout = 10_000,
            AsyncTimeout = 10_000,
            AbortOnConnectFail = true,

            // No tie-breaker read: a test counting GETs with INFO commandstats must see only the cache's own.
            TieBreaker = string.Empty,
        };
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        IServer server = connection.GetServer(Endpoint);
        return await server.ExecuteAsync(command, arguments);
    }

    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public Task RestartAsync() => StartProcessAsync();

    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Signal("CONT");
            Kill();
        }

        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being flushed: the temporary folder is left for the OS to clean.
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every few milliseconds, for at most <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up after {limit} waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    private static RespServerKind PickKind()
    {
        string? forced = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrEmpty(forced))
        {
            return Enum.TryParse(forced, ignoreCase: true, out RespServerKind kind)
                ? kind
                : throw new InvalidOperationException($"{ServerVariable}={forced}: use 'redis' or 'garnet'.");
        }

        return IsOnPath("redis-server") ? RespServerKind.Redis : RespServerKind.Garnet;
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));

    private ProcessStartInfo StartInfo()
    {
        string port = Port.ToString(CultureInfo.InvariantCulture);
        ProcessStartInfo start;
        string[] arguments;
        if (Kind == RespServerKind.Redis)
        {
            start = new ProcessStartInfo("redis-server");
            arguments = ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _directory];
            if (_options.Password is { } password)
            {
                arguments = [.. arguments, "--requirepass", password];
            }

            if (_options.Cluster)
            {
                arguments = [.. arguments, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"];
            }
        }
        else
        {
            start = new ProcessStartInfo("dotnet");
            // Small logs keep each process near 80 MB; RandomAccess needs no libaio; --recover replays the append-only
            // file after a kill, as redis-server does; --aof-commit-wait makes an acknowledged write durable (appendfsync always).
            arguments = [GarnetHostPath(), "--port", port, "--bind", "127.0.0.1", "--checkpointdir", _directory, "--aof", "--aof-commit-freq", "0", "--aof-commit-wait", "--recover", "--commandstats-monitor",
                "-m", "64m", "-i", "1m", "--page", "1m", "--aof-memory", "8m", "--aof-page-size", "2m", "--device-type", "RandomAccess"];
            if (_options.Password is { } password)
            {
                arguments = [.. arguments, "--auth", "Password", "--password", password];
            }

            if (_options.Cluster)
            {
                arguments = [.. arguments, "--cluster"];
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = _directory;
        return start;
    }

    private static string GarnetHostPath()
    {
        string? path = typeof(RespServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GarnetHostPath")?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The Garnet test host was not built at '{path}'; build Caching.sln (it builds tests/TestServers/GarnetHost).");
    }

    private async Task StartProcessAsync()
    {
        _process = Process.Start(StartInfo())!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Kind} on port {Port} exited with code {_process.ExitCode} at start.");
                }

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            $"{Kind} on port {Port}");
    }

    private void Signal(string signal)
    {
        if (_process is null)
        {
            return;
        }

        using Process kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit();
    }
}
