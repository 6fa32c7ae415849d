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
    /// The backplane or the second level serves (again). After a gap (<paramref name="afterGap"/>), changes may have been
    /// missed, so every memory copy is dropped; the first time, only copies taken before (while nobody could hear) are.
    /// </summary>
    void OnResynchronize(bool afterGap);

    /// <summary><see cref="IDistributedLevel.IsServing"/> or <see cref="ICacheBackplane.IsConnected"/> changed.</summary>
    void OnAvailabilityChanged();
}
