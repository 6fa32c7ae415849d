using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Caching.Benchmarks;

// dotnet run -c Release --project benchmarks/Caching.Benchmarks -- [--quick] [BenchmarkDotNet arguments]
//   --quick   in-process, few iterations, memory benchmarks and the stampede report only (under 3 minutes on 2 cores)
//   --gateway-load [--short] only the gateway-over-HTTP report against a Kestrel floor (section 12)
//   --invalidation-latency   only the cross-instance invalidation report (section 11; needs redis-server)
//   otherwise every benchmark, each in its own process, and the stampede report
if (args.Contains("--gateway-load"))
{
    Console.WriteLine("## 12. Gateway hit over HTTP against the Kestrel floor");
    bool shortRun = args.Contains("--short");
    Console.WriteLine(await GatewayLoadReport.RunAsync(
        connections: 32,
        duration: TimeSpan.FromSeconds(shortRun ? 3 : 10),
        warmUp: TimeSpan.FromSeconds(shortRun ? 3 : 8),
        rounds: shortRun ? 1 : 3));
    return;
}

if (args.Contains("--invalidation-latency"))
{
    Console.WriteLine("## 11. Cross-instance invalidation latency");
    Console.WriteLine(await InvalidationLatencyReport.RunAsync());
    return;
}

bool quick = args.Contains("--quick");
string[] rest = args.Where(a => a != "--quick").ToArray();

Console.WriteLine($"Workload: {Workload.Describe()}");
Console.WriteLine();
Console.WriteLine("## 4. Stampede");
Console.WriteLine(await StampedeReport.RunAsync());

IConfig config = quick
    ? DefaultConfig.Instance.AddJob(new Job("quick").WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5))
    : DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithId("full"));
config = config.WithOptions(ConfigOptions.DisableLogFile)
    .AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(b =>
        b.Descriptor.Type != typeof(ThroughputBenchmarks)
        || ThroughputBenchmarks.AppliesTo(b.Descriptor.WorkloadMethod.Name, b.Parameters["Store"]?.ToString() ?? "")));

Type[] benchmarks = [typeof(MemoryHitBenchmarks), typeof(KeyGivenHitBenchmarks), typeof(RedisHitBenchmarks), typeof(ThroughputBenchmarks), typeof(GeneratorScaleBenchmarks), typeof(StreamReplayBenchmarks), typeof(MeaiHitBenchmarks), typeof(TwoLevelHitBenchmarks)];
string[] defaultFilter = quick ? ["--filter", "*MemoryHit*", "*KeyGiven*"] : ["--filter", "*"];
BenchmarkSwitcher.FromTypes(benchmarks).Run(rest.Length == 0 ? defaultFilter : rest, config);
