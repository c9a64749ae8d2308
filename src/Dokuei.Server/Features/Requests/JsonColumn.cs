using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dokuei.Server.Features.Requests;

/// <summary>
/// Small value lists of an aggregate (body parts, priors, QA decisions...) stored as one JSON text column: read and
/// written with their aggregate, never queried on their own, and the same on SQLite and PostgreSQL.
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the backing field <paramref name="field"/> (a list) to the JSON column <paramref name="column"/>.</summary>
    public static void Map<TEntity, TItem>(EntityTypeBuilder<TEntity> builder, string field, string column)
        where TEntity : class
    {
        AsJson(builder.Property<List<TItem>>(field), column);
    }

    /// <summary>Same as <see cref="Map{TEntity,TItem}(EntityTypeBuilder{TEntity},string,string)"/> for an owned type.</summary>
    public static void Map<TOwner, TEntity, TItem>(OwnedNavigationBuilder<TOwner, TEntity> builder, string field, string column)
        where TOwner : class
        where TEntity : class
    {
        AsJson(builder.Property<List<TItem>>(field), column);
    }

    private static void AsJson<TItem>(PropertyBuilder<List<TItem>> property, string column) =>
        property
            .HasColumnName(column)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => JsonSerializer.Deserialize<List<TItem>>(v, Options) ?? new List<TItem>(),
                new ValueComparer<List<TItem>>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<TItem>>(JsonSerializer.Serialize(v, Options), Options)!))
            .IsRequired();

    /// <summary>
    /// Stores every instant of <paramref name="entity"/> in UTC: PostgreSQL's timestamptz takes only offset 0, and Tokyo
    /// (+09:00) due times are the same instants in UTC.
    /// </summary>
    public static void UtcInstants(IMutableEntityType entity)
    {
        foreach (var property in entity.GetProperties())
        {
            if (property.ClrType == typeof(DateTimeOffset))
            {
                property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v));
            }
            else if (property.ClrType == typeof(DateTimeOffset?))
            {
                property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset?, DateTimeOffset?>(v => v.HasValue ? v.Value.ToUniversalTime() : v, v => v));
            }
        }
    }
}
