using System;
using System.Threading.Tasks;

namespace Caching.Distributed;

/// <summary>
/// Tells the other instances sharing a namespace what this instance changed, so that they drop their memory copies
/// (Redis pub/sub in the Caching.Redis package). Messages carry the namespace and the sender's instance id; an instance
/// ignores its own.
/// </summary>
public interface ICacheBackplane : IAsyncDisposable
{
    /// <summary>False while messages may be missed; the memory level is not trusted then, and is emptied on reconnection.</summary>
    bool IsConnected { get; }

    /// <summary>Completes when the backplane is connected for the first time; never faults.</summary>
    Task FirstConnected { get; }

    /// <summary>Sends a change to the other instances; never blocks on the network and never throws.</summary>
    void Publish(CacheChange change);

    /// <summary>Tells the backplane whom to notify of other instances' changes and of its connection state.</summary>
    void Subscribe(ILocalLevelEvents events);
}
