using System;

namespace Caching.Soak;

/// <summary>What Redis is doing during each part of the run.</summary>
internal enum Phase
{
    Healthy,
    RedisKilled,
    Recovering,
    RedisPaused,
    AfterFaults,
}

/// <summary>
/// The schedule, as fractions of the run: a 60 s run is 15 s healthy, 10 s with Redis killed, 10 s after its restart,
/// 5 s with Redis paused (SIGSTOP), then 20 s after it resumes.
/// </summary>
internal sealed class Schedule(TimeSpan duration)
{
    public TimeSpan KillAt { get; } = duration * 0.25;

    public TimeSpan RestartAt { get; } = duration * (25.0 / 60);

    public TimeSpan PauseAt { get; } = duration * (35.0 / 60);

    public TimeSpan ResumeAt { get; } = duration * (40.0 / 60);

    public TimeSpan End { get; } = duration;

    public Phase At(TimeSpan elapsed) =>
        elapsed < KillAt ? Phase.Healthy
        : elapsed < RestartAt ? Phase.RedisKilled
        : elapsed < PauseAt ? Phase.Recovering
        : elapsed < ResumeAt ? Phase.RedisPaused
        : Phase.AfterFaults;
}
