using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dokuei.Server.Features.Archive;

/// <summary>
/// One index table (patients, studies, series, instances) read and written with plain SQL commands, for ingest. Ingest
/// touches a handful of rows per instance, and through EF's query pipeline and change tracker that was about a quarter of
/// the server's CPU per instance. The table, its columns and how each value is bound come from the EF model (so they are
/// those of the migrations, and a value is stored exactly as EF stores it); only the statements are written here.
/// </summary>
/// <typeparam name="T">The entity class; its key is a database-generated <c>Id</c>.</typeparam>
internal sealed class IndexTable<T>
    where T : class
{
    private static readonly ConcurrentDictionary<IModel, IndexTable<T>> Tables = new();

    private readonly Column[] _columns;
    private readonly Dictionary<string, Column> _byProperty;
    private readonly PropertyInfo _id;
    private readonly string _select;
    private readonly string _insert;

    private IndexTable(IEntityType entity)
    {
        Name = Quote(entity.GetTableName()!);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        _id = key.PropertyInfo!;
        _columns = [.. entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => new Column(p))];
        _byProperty = _columns.ToDictionary(c => c.Property.Name, StringComparer.Ordinal);
        _select = $"SELECT {Quote(key.GetColumnName())}, {string.Join(", ", _columns.Select(c => c.Name))} FROM {Name}";
        _insert = $"INSERT INTO {Name} ({string.Join(", ", _columns.Select(c => c.Name))}) VALUES ({string.Join(", ", _columns.Select((_, i) => $"@v{i}"))}) RETURNING {Quote(key.GetColumnName())}";
        IdColumn = Quote(key.GetColumnName());
    }

    /// <summary>The quoted column of the key.</summary>
    public string IdColumn { get; }

    /// <summary>The quoted table name.</summary>
    public string Name { get; }

    /// <summary>The table for the context's model (built once per model).</summary>
    public static IndexTable<T> For(DbContext db) => Tables.GetOrAdd(db.Model, model => new IndexTable<T>(model.FindEntityType(typeof(T))!));

    /// <summary>The quoted column a property is stored in.</summary>
    public string ColumnOf(string property) => _byProperty[property].Name;

    /// <summary>
    /// The rows matching <paramref name="where"/> (SQL after <c>WHERE</c>; parameters bound by <paramref name="bind"/>),
    /// each with a snapshot of its values for <see cref="SaveAsync"/>.
    /// </summary>
    public async Task<List<(T Row, object?[] Snapshot)>> SelectAsync(DbTransaction transaction, string where, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var command = transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
#pragma warning disable CA2100 // Built from the EF model's names and our own clauses; every value is a parameter.
            command.CommandText = $"{_select} WHERE {where}";
#pragma warning restore CA2100
            bind(command);
            var rows = new List<(T, object?[])>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = Activator.CreateInstance<T>();
                    _id.SetValue(row, reader.GetInt64(0));
                    var snapshot = new object?[_columns.Length];
                    for (var i = 0; i < _columns.Length; i++)
                    {
                        snapshot[i] = _columns[i].Read(reader, i + 1);
                        _columns[i].Property.PropertyInfo!.SetValue(row, snapshot[i]);
                    }

                    rows.Add((row, snapshot));
                }
            }

            return rows;
        }
    }

    /// <summary>Inserts a new row and sets its generated key.</summary>
    public async Task InsertAsync(DbTransaction transaction, T row, CancellationToken cancellationToken)
    {
        var command = transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = _insert;
            for (var i = 0; i < _columns.Length; i++)
            {
                command.Parameters.Add(_columns[i].Bind(command, $"@v{i}", _columns[i].Property.PropertyInfo!.GetValue(row)));
            }

            _id.SetValue(row, Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Inserts <paramref name="row"/> if it is new (no key yet), else writes the columns that differ from its snapshot.</summary>
    public Task SaveAsync(DbTransaction transaction, T row, IReadOnlyDictionary<object, object?[]> snapshots, CancellationToken cancellationToken) =>
        (long)_id.GetValue(row)! == 0 ? InsertAsync(transaction, row, cancellationToken) : UpdateChangedAsync(transaction, row, snapshots[row], cancellationToken);

    /// <summary>Writes the columns whose values differ from <paramref name="snapshot"/>; nothing if none does.</summary>
    private Task UpdateChangedAsync(DbTransaction transaction, T row, object?[] snapshot, CancellationToken cancellationToken)
    {
        var changed = new List<(int Index, object? Value)>();
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = _columns[i].Property.PropertyInfo!.GetValue(row);
            if (!Equals(value, snapshot[i]))
            {
                changed.Add((i, value));
            }
        }

        return changed.Count == 0 ? Task.CompletedTask : UpdateColumnsAsync(transaction, (long)_id.GetValue(row)!, changed, cancellationToken);
    }

    /// <summary>Sets one column of the row with key <paramref name="id"/>.</summary>
    public Task UpdateAsync(DbTransaction transaction, long id, string property, object? value, CancellationToken cancellationToken) =>
        UpdateColumnsAsync(transaction, id, [(Array.IndexOf(_columns, _byProperty[property]), value)], cancellationToken);

    private async Task UpdateColumnsAsync(DbTransaction transaction, long id, List<(int Index, object? Value)> changed, CancellationToken cancellationToken)
    {
        var command = transaction.Connection!.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
#pragma warning disable CA2100 // Built from the EF model's names; every value is a parameter.
            command.CommandText = $"UPDATE {Name} SET {string.Join(", ", changed.Select(c => $"{_columns[c.Index].Name} = @v{c.Index}"))} WHERE {IdColumn} = @id";
#pragma warning restore CA2100
            foreach (var (index, value) in changed)
            {
                command.Parameters.Add(_columns[index].Bind(command, $"@v{index}", value));
            }

            var key = command.CreateParameter();
            key.ParameterName = "@id";
            key.Value = id;
            command.Parameters.Add(key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Binds a value as the column of <paramref name="property"/> would store it (for a <c>WHERE</c> clause).</summary>
    public DbParameter Bind(DbCommand command, string property, string name, object? value) => _byProperty[property].Bind(command, name, value);

    /// <summary>A name in double quotes, which SQLite and PostgreSQL both read as an identifier.</summary>
    private static string Quote(string name) => $"\"{name}\"";

    private sealed class Column
    {
        private static readonly MethodInfo ReadMethod = typeof(Column).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!;

        private readonly RelationalTypeMapping _mapping;
        private readonly Func<DbDataReader, int, object?> _read;

        public Column(IProperty property)
        {
            Property = property;
            Name = Quote(property.GetColumnName());
            _mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var converter = _mapping.Converter;
            var stored = converter?.ProviderClrType ?? property.ClrType;
            var read = ReadMethod.MakeGenericMethod(Nullable.GetUnderlyingType(stored) ?? stored)
                .CreateDelegate<Func<DbDataReader, int, object?>>();
            _read = converter == null ? read : (reader, i) => read(reader, i) is { } value ? converter.ConvertFromProvider(value) : null;
        }

        public IProperty Property { get; }

        public string Name { get; }

        public object? Read(DbDataReader reader, int ordinal) => _read(reader, ordinal);

        public DbParameter Bind(DbCommand command, string name, object? value) => _mapping.CreateParameter(command, name, value, Property.IsNullable);

        private static object? ReadAs<TValue>(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<TValue>(ordinal);
    }
}
