using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Caching.Semantic;

namespace Caching;

/// <summary>
/// Calls with a free text (<see cref="SemanticQuery"/>): when memory has no exact entry, the text is embedded once and
/// the partition's nearest entries go to the judge; an accepted one is read (memory, then the second level) and served
/// as a semantic hit if it is still fresh. Otherwise the exact flight runs as for any call, and the stored answer's text
/// is indexed. Exact hits never come here.
/// </summary>
internal sealed partial class CachePipeline
{
    private readonly SemanticLayer? _semantic;

    /// <summary>Texts indexed now on this instance.</summary>
    public long SemanticEntries => _semantic?.Index.Count ?? 0;

    public void UseSimilarityHistogram(Histogram<double> histogram, KeyValuePair<string, object?>[] tags) =>
        _semantic?.UseSimilarityHistogram(histogram, tags);

    /// <summary>A get-or-create with a free text that memory could not answer exactly.</summary>
    public async ValueTask<T> GetOrCreateSemanticAsync<TState, T>(
        string key,
        SemanticQuery query,
        MemoryRead memoryRead,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        EntryPolicy policy,
        long sample,
        CacheCallContext? call,
        CancellationToken cancellationToken)
    {
        float[]? vector = null;
        if (_semantic is { } semantic && call is not { Directives.ExactOnly: true })
        {
            vector = await semantic.EmbedAsync(query.Text, cancellationToken).ConfigureAwait(false);
            if (vector is not null)
            {
                (bool found, T value) = await AnswerSemanticallyAsync<T>(semantic, key, query, vector, sample, call, cancellationToken).ConfigureAwait(false);
                if (found)
                {
                    return value;
                }
            }
        }

        return await GetOrCreateAfterMemoryAsync(key, memoryRead, state, factory, policy, sample, call, cancellationToken, IndexingOf(query, vector)).ConfigureAwait(false);
    }

    /// <summary>A stream with a free text that memory could not answer exactly: a semantic hit replays the recording it found.</summary>
    public async IAsyncEnumerable<T> StreamSemanticAsync<TState, T>(
        string key,
        SemanticQuery query,
        MemoryRead memoryRead,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        EntryPolicy policy,
        long sample,
        CacheCallContext? call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        float[]? vector = null;
        if (_semantic is { } semantic && call is not { Directives.ExactOnly: true })
        {
            vector = await semantic.EmbedAsync(query.Text, cancellationToken).ConfigureAwait(false);
            if (vector is not null)
            {
                (bool found, T[] recorded) = await AnswerSemanticallyAsync<T[]>(semantic, key, query, vector, sample, call, cancellationToken).ConfigureAwait(false);
                if (found)
                {
                    Counters.RecordStreamReplay(recorded.Length);
                    foreach (T element in recorded)
                    {
                        yield return element;
                    }

                    yield break;
                }
            }
        }

        await foreach (T element in StreamAfterMemoryAsync(key, memoryRead, state, factory, policy, sample, call, cancellationToken, IndexingOf(query, vector)).ConfigureAwait(false))
        {
            yield return element;
        }
    }

    /// <summary>
    /// The first candidate the judge accepted whose entry is still fresh (and young enough for the caller's max-age), read
    /// from memory or the second level; a candidate whose entry is gone loses its vector.
    /// </summary>
    private async ValueTask<(bool Found, T Value)> AnswerSemanticallyAsync<T>(
        SemanticLayer semantic,
        string key,
        SemanticQuery query,
        float[] vector,
        long sample,
        CacheCallContext? call,
        CancellationToken cancellationToken)
    {
        List<SemanticCandidate> accepted = await semantic.SearchAsync(query, vector, cancellationToken).ConfigureAwait(false);

        // The call's own entry, when the index knows it (another instance stored it), is an exact hit and goes first.
        int own = accepted.FindIndex(c => c.Key == key);
        if (own > 0)
        {
            (accepted[0], accepted[own]) = (accepted[own], accepted[0]);
        }

        foreach (SemanticCandidate candidate in accepted)
        {
            (CandidateRead status, T value, EntryLifetime lifetime) = await ReadCandidateAsync<T>(candidate.Key, cancellationToken).ConfigureAwait(false);
            if (status != CandidateRead.Fresh)
            {
                if (status == CandidateRead.Gone)
                {
                    semantic.Forget(query.Partition, candidate.Key, alsoShared: _distributed is not null);
                }

                continue;
            }

            if (call is not null && IsTooOld(call, lifetime))
            {
                continue;
            }

            TimeSpan age = _time.GetUtcNow() - lifetime.Created;
            if (candidate.Key == key)
            {
                Counters.RecordDistributedHit(sample);
                call?.RecordHit(key, age);
            }
            else
            {
                Counters.RecordMiss(sample);
                Counters.RecordSemanticHit();
                call?.RecordSemanticHit(key, candidate.Key, candidate.Similarity, age);
                if (CacheActivities.IsOn)
                {
                    CacheActivities.SemanticHit(key, candidate.Similarity);
                }
            }

            return (true, value);
        }

        return (false, default!);
    }

    /// <summary>A candidate's entry: fresh (served), gone (its vector goes), or unknown (the second level did not answer, or the type differs).</summary>
    private async ValueTask<(CandidateRead Status, T Value, EntryLifetime Lifetime)> ReadCandidateAsync<T>(string candidateKey, CancellationToken cancellationToken)
    {
        if (MemoryServes || _distributed is null)
        {
            MemoryRead read = Memory.Read(candidateKey, out T value, out MemoryEntry? entry);
            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                return (CandidateRead.Fresh, value, entry!.Lifetime);
            }

            if (_distributed is null)
            {
                return (read is MemoryRead.Miss or MemoryRead.Stale ? CandidateRead.Gone : CandidateRead.Unknown, default!, default);
            }
        }

        DistributedLookup<T> lookup = await ReadDistributedAsync<T>(_distributed!, candidateKey, cancellationToken).ConfigureAwait(false);
        return lookup.Status switch
        {
            DistributedLookupStatus.Fresh => (CandidateRead.Fresh, lookup.Value, lookup.Lifetime),
            DistributedLookupStatus.Miss or DistributedLookupStatus.Stale => (CandidateRead.Gone, default!, default),
            _ => (CandidateRead.Unknown, default!, default),
        };
    }

    /// <summary>Indexes the text of an answer a flight stored, in the background (an embedding may still be needed).</summary>
    private void IndexStored(SemanticIndexing? indexing, string key, EntryPolicy policy)
    {
        if (indexing is not null && _semantic is { } semantic)
        {
            _ = semantic.IndexAsync(indexing.Query, key, indexing.Vector, policy.Ttl + policy.StaleIfError);
        }
    }

    private SemanticIndexing? IndexingOf(SemanticQuery query, float[]? vector) =>
        _semantic is null ? null : new SemanticIndexing(query, vector);

    /// <summary>A removal here: the key's vector goes here and from the shared store.</summary>
    private void ForgetSemantic(string key)
    {
        if (_semantic is { } semantic && semantic.Index.PartitionOf(key) is { } partition)
        {
            semantic.Forget(partition, key, alsoShared: _distributed is not null);
        }
    }

    private enum CandidateRead
    {
        Unknown,
        Fresh,
        Gone,
    }
}

/// <summary>What a flight needs to index the text of the answer it stores: the query, and its vector when it was computed.</summary>
internal sealed record SemanticIndexing(SemanticQuery Query, float[]? Vector);
