using System;

namespace Caching.Soak.Chaos;

/// <summary>The parts of a chaos run: the upstream answers, fails in three ways in turn, then answers again.</summary>
internal enum ChaosPhase
{
    /// <summary>The upstream answers; the working set is asked until every prompt of it is cached, then left to go stale.</summary>
    Healthy,

    /// <summary>Every call is answered 500.</summary>
    ServerErrors,

    /// <summary>The upstream is down: connections are refused.</summary>
    Refused,

    /// <summary>Every call hangs, then fails.</summary>
    Hangs,

    /// <summary>The upstream answers again.</summary>
    Recovered,
}

/// <summary>How long each part lasts: an outage of three equal parts between a healthy start and a recovery.</summary>
internal sealed record ChaosSchedule(TimeSpan Warmup, TimeSpan Outage, TimeSpan Recovery)
{
    public TimeSpan OutagePart => Outage / 3;

    public TimeSpan RecoveredAt => Warmup + Outage;

    public TimeSpan End => Warmup + Outage + Recovery;

    public ChaosPhase At(TimeSpan elapsed) =>
        elapsed < Warmup ? ChaosPhase.Healthy
        : elapsed < Warmup + OutagePart ? ChaosPhase.ServerErrors
        : elapsed < Warmup + (2 * OutagePart) ? ChaosPhase.Refused
        : elapsed < RecoveredAt ? ChaosPhase.Hangs
        : ChaosPhase.Recovered;

    public static UpstreamMode ModeOf(ChaosPhase phase) => phase switch
    {
        ChaosPhase.ServerErrors => UpstreamMode.Failing,
        ChaosPhase.Refused => UpstreamMode.Refusing,
        ChaosPhase.Hangs => UpstreamMode.Hanging,
        _ => UpstreamMode.Answering,
    };
}
