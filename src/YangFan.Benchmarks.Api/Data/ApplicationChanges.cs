using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace YangFan.Benchmarks.Api.Data;

/// <summary>
/// A counter that moves whenever this process commits a change to an application (created, moved, edited or
/// deleted). Read models computed from the applications (the progress counts) remember the generation they were
/// computed at and are recomputed once it moves.
/// </summary>
public sealed class ApplicationChanges
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Bump() => Interlocked.Increment(ref _generation);
}

/// <summary>
/// Bumps <see cref="ApplicationChanges"/> when a save that touched applications is committed: at once for a save
/// outside a transaction, at commit for a save inside one. Bumping only at commit matters: a reader that ran between
/// the save and the commit saw the old rows, and must not keep them under the new generation.
/// </summary>
public sealed class ApplicationChangeInterceptor(ApplicationChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        BumpUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        BumpUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => BumpIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        BumpIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is AppDbContext db && db.ChangeTracker.Entries<Application>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
            db.ApplicationsChangedSinceCommit = true;
    }

    private void BumpUnlessInTransaction(DbContext? context)
    {
        if (context is AppDbContext { ApplicationsChangedSinceCommit: true } db && db.Database.CurrentTransaction is null)
            BumpIfPending(db);
    }

    private void BumpIfPending(DbContext? context)
    {
        if (context is not AppDbContext { ApplicationsChangedSinceCommit: true } db)
            return;
        db.ApplicationsChangedSinceCommit = false;
        changes.Bump();
    }

    private static void Clear(DbContext? context)
    {
        if (context is AppDbContext db)
            db.ApplicationsChangedSinceCommit = false;
    }
}
