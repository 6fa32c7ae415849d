using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;

namespace Caching.Tests.Levels;

/// <summary>A second level in a dictionary: serves or not on command, and can hold a read until the test releases it.</summary>
internal sealed class FakeDistributedLevel : IDistributedLevel
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private ILocalLevelEvents? _events;
    private bool _serving = true;

    public string Name => "fake";

    public bool IsServing => _serving;

    public Task FirstServed => Task.CompletedTask;

    public long Errors => 0;

    public long Outages { get; private set; }

    public int Reads { get; private set; }

    /// <summary>When set, the next read waits for it after taking its bytes (the bytes of the moment it started).</summary>
    public TaskCompletionSource? HoldNextRead { get; set; }

    public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Contains(string key) => _entries.ContainsKey(key);

    public void SetServing(bool serving)
    {
        if (_serving && !serving)
        {
            Outages++;
        }

        if (!_serving && serving)
        {
            _events?.OnResynchronize(afterGap: true);
        }

        _serving = serving;
        _events?.OnAvailabilityChanged();
    }

    public async ValueTask<DistributedRead> GetAsync(string key, CancellationToken cancellationToken)
    {
        Reads++;
        if (!_serving)
        {
            return DistributedRead.Unavailable;
        }

        DistributedRead read = _entries.TryGetValue(key, out byte[]? bytes) ? DistributedRead.Hit(bytes) : DistributedRead.Miss;
        if (HoldNextRead is { } hold)
        {
            HoldNextRead = null;
            ReadStarted.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        return read;
    }

    public ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (!_serving)
        {
            return new(false);
        }

        _entries[key] = value.ToArray();
        return new(true);
    }

    public ValueTask<long?> RemoveAsync(string key, CancellationToken cancellationToken) =>
        new(_serving ? (_entries.TryRemove(key, out _) ? 1 : 0) : null);

    public ValueTask<long?> InvalidateAsync(string pattern, CancellationToken cancellationToken)
    {
        if (!_serving)
        {
            return new((long?)null);
        }

        var glob = new GlobPattern(pattern);
        long removed = 0;
        foreach (string key in _entries.Keys)
        {
            if (glob.IsMatch(key) && _entries.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return new(removed);
    }

    public ValueTask<long?> ClearAsync(CancellationToken cancellationToken) => InvalidateAsync("*", cancellationToken);

    public void Subscribe(ILocalLevelEvents events) => _events = events;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A backplane the test drives: it delivers other instances' changes and drops or restores the connection.</summary>
internal sealed class FakeBackplane(bool connected = true) : ICacheBackplane
{
    private readonly TaskCompletionSource _firstConnected = NewConnected(connected);
    private ILocalLevelEvents? _events;
    private bool _connected = connected;
    private bool _everConnected = connected;

    public bool IsConnected => _connected;

    public Task FirstConnected => _firstConnected.Task;

    public ConcurrentQueue<CacheChange> Published { get; } = new();

    public void Publish(CacheChange change) => Published.Enqueue(change);

    public void Deliver(CacheChange change) => _events!.OnRemoteChange(change);

    public void Disconnect()
    {
        _connected = false;
        _events!.OnAvailabilityChanged();
    }

    /// <summary>Connects: the first time, or again after <see cref="Disconnect"/>.</summary>
    public void Reconnect()
    {
        _events!.OnResynchronize(afterGap: _everConnected);
        _everConnected = true;
        _connected = true;
        _firstConnected.TrySetResult();
        _events.OnAvailabilityChanged();
    }

    public void Subscribe(ILocalLevelEvents events) => _events = events;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource NewConnected(bool connected)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (connected)
        {
            signal.SetResult();
        }

        return signal;
    }
}
