using System;
using System.Collections.Concurrent;

namespace Caching;

/// <summary>
/// The keys being read from the second level right now, and the newest write another instance announced for each while
/// its read ran: a copy of what the read returned is kept in memory unless a later write was announced meanwhile. (A
/// removal, invalidation or clear elsewhere stops every fill in progress; that is the fill epoch's job.)
/// </summary>
internal sealed class FillWatches
{
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>Starts watching a key for the length of one read; dispose the result when the read is done.</summary>
    public Watch Begin(string key)
    {
        while (true)
        {
            Watch watch = _watches.GetOrAdd(key, static k => new Watch(k));
            if (watch.TryJoin())
            {
                watch.Owner = this;
                return watch;
            }

            // A watch whose last reader just left: it is being removed; take a fresh one.
            _watches.TryRemove(new(key, watch));
        }
    }

    /// <summary>Another instance wrote <paramref name="key"/>: reads of it in progress learn of the write.</summary>
    public void Announce(string key, long version, DateTimeOffset created)
    {
        if (_watches.TryGetValue(key, out Watch? watch))
        {
            watch.Announce(version, created);
        }
    }

    private void Release(Watch watch)
    {
        if (watch.Leave())
        {
            _watches.TryRemove(new(watch.Key, watch));
        }
    }

    /// <summary>One key's reads in progress and the newest write announced during them.</summary>
    internal sealed class Watch(string key) : IDisposable
    {
        private readonly object _gate = new();
        private int _readers;
        private bool _closed;
        private bool _announced;
        private long _version;
        private DateTimeOffset _created;

        public string Key { get; } = key;

        public FillWatches? Owner { get; set; }

        /// <summary>
        /// Whether a copy of the entry read (its <paramref name="lifetime"/>) may be kept: no write was announced during the
        /// read, or the announced one is that very entry, or an older one.
        /// </summary>
        public bool MayKeep(EntryLifetime lifetime)
        {
            lock (_gate)
            {
                return !_announced || (_version != 0 && (_version == lifetime.Version || lifetime.Created > _created));
            }
        }

        public void Dispose() => Owner?.Release(this);

        internal bool TryJoin()
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return false;
                }

                _readers++;
                return true;
            }
        }

        internal void Announce(long version, DateTimeOffset created)
        {
            lock (_gate)
            {
                if (!_announced || version == 0 || created >= _created)
                {
                    (_announced, _version, _created) = (true, version, created);
                }
            }
        }

        /// <summary>True for the last reader: the watch closes and is removed.</summary>
        internal bool Leave()
        {
            lock (_gate)
            {
                _closed = --_readers == 0;
                return _closed;
            }
        }
    }
}
