namespace Caching.Distributed;

/// <summary>
/// What a second level and a backplane tell the manager's memory level. Implemented by the manager; calls may come from
/// any thread and must return quickly.
/// </summary>
public interface ILocalLevelEvents
{
    /// <summary>Another instance changed the shared store: the memory copies it names are dropped.</summary>
    void OnRemoteChange(CacheChange change);

    /// <summary>
    /// Changes may have been missed (the backplane or the second level comes back after a gap): every memory copy is
    /// dropped, since any of them may have been invalidated meanwhile.
    /// </summary>
    void OnResynchronize();

    /// <summary><see cref="IDistributedLevel.IsServing"/> or <see cref="ICacheBackplane.IsConnected"/> changed.</summary>
    void OnAvailabilityChanged();
}
