using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Caching;

/// <summary>The flights in progress, one per key.</summary>
internal sealed class FlightTable
{
    private readonly ConcurrentDictionary<string, object> _flights = new(System.StringComparer.Ordinal);

    /// <summary>
    /// Joins the flight for <paramref name="key"/> or starts one. <paramref name="isLeader"/> is true for the caller that
    /// must run the factory. A flight of another value type for the same key is never joined; such a caller leads an
    /// uncoalesced flight of its own.
    /// </summary>
    public Flight<T> JoinOrStart<T>(string key, out bool isLeader)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out object? existing))
            {
                if (existing is Flight<T> running && running.TryJoin())
                {
                    isLeader = false;
                    return running;
                }

                if (existing is not Flight<T>)
                {
                    var solo = new Flight<T>();
                    solo.TryJoin();
                    isLeader = true;
                    return solo;
                }

                // An abandoned flight still in the table: replace it.
                _flights.TryRemove(new KeyValuePair<string, object>(key, existing));
                continue;
            }

            var flight = new Flight<T>();
            flight.TryJoin();
            if (_flights.TryAdd(key, flight))
            {
                isLeader = true;
                return flight;
            }

            flight.Dispose();
        }
    }

    public void Remove<T>(string key, Flight<T> flight) => _flights.TryRemove(new KeyValuePair<string, object>(key, flight));
}
