using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Caching;

/// <summary>A call in progress that later callers of the same key can join.</summary>
internal interface ICoalescedFlight : IDisposable
{
    /// <summary>Adds a caller; false once the flight no longer takes callers (finished or abandoned).</summary>
    bool TryJoin();
}

/// <summary>The flights in progress (values and streams), one per key.</summary>
internal sealed class FlightTable
{
    private readonly ConcurrentDictionary<string, ICoalescedFlight> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the flight for <paramref name="key"/> or starts one. <paramref name="isLeader"/> is true for the caller that
    /// must run the factory. A flight of another kind or value type for the same key is never joined; such a caller leads
    /// an uncoalesced flight of its own.
    /// </summary>
    public TFlight JoinOrStart<TFlight>(string key, out bool isLeader)
        where TFlight : class, ICoalescedFlight, new()
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out ICoalescedFlight? existing))
            {
                if (existing is TFlight running && running.TryJoin())
                {
                    isLeader = false;
                    return running;
                }

                if (existing is not TFlight)
                {
                    var solo = new TFlight();
                    solo.TryJoin();
                    isLeader = true;
                    return solo;
                }

                // An abandoned flight still in the table: replace it.
                _flights.TryRemove(new KeyValuePair<string, ICoalescedFlight>(key, existing));
                continue;
            }

            var flight = new TFlight();
            flight.TryJoin();
            if (_flights.TryAdd(key, flight))
            {
                isLeader = true;
                return flight;
            }

            flight.Dispose();
        }
    }

    /// <summary>Starts a flight for <paramref name="key"/> with no caller yet, unless one is running; null when one is.</summary>
    public TFlight? TryStart<TFlight>(string key)
        where TFlight : class, ICoalescedFlight, new()
    {
        var flight = new TFlight();
        if (_flights.TryAdd(key, flight))
        {
            return flight;
        }

        flight.Dispose();
        return null;
    }

    public void Remove(string key, ICoalescedFlight flight) => _flights.TryRemove(new KeyValuePair<string, ICoalescedFlight>(key, flight));
}
