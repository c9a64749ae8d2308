using System.Linq.Expressions;
using System.Reflection;
using Dokuei.Server.Features.Archive;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Features.DicomWeb;

/// <summary>How a query attribute's value is matched (PS3.4 section C.2.2.2).</summary>
internal enum MatchKind
{
    /// <summary>Single value, wildcard (* ?) or list (backslash-separated), case-sensitive.</summary>
    Text,

    /// <summary>UID or UID list: exact values only.</summary>
    Uid,

    /// <summary>DA: single value, range (a-b, -b, a-) or list.</summary>
    Date,

    /// <summary>TM: single value or range.</summary>
    Time,

    /// <summary>PN: against the normalised three groups, optionally fuzzy.</summary>
    PersonName,

    /// <summary>A value of a backslash-enclosed set column (ModalitiesInStudy): any listed value present.</summary>
    Set,

    /// <summary>IS/US: single value or list.</summary>
    Integer,
}

/// <summary>Builds EF Core predicates for QIDO-RS and C-FIND matching over the index columns.</summary>
internal static class QidoMatching
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo StringContains = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));
    private static readonly MethodInfo IntContains = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(int?));

    /// <summary>The predicate on <typeparamref name="T"/>, or null when the value matches everything (empty or "*").</summary>
    public static Expression<Func<T, bool>>? Build<T>(LambdaExpression column, MatchKind kind, string value, bool fuzzy)
    {
        value = value.Trim();
        if (value.Length == 0 || value == "*")
        {
            return null;
        }

        var body = kind switch
        {
            MatchKind.Uid => Any(value.Split('\\', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), v => Expression.Equal(column.Body, Constant(v))),
            MatchKind.Text => Any(value.Split('\\'), v => TextMatch(column.Body, v)),
            MatchKind.Date => Any(value.Split('\\'), v => RangeMatch(column.Body, v, IndexedAttributes.Date)),
            MatchKind.Time => Any(value.Split('\\'), v => RangeMatch(column.Body, v, IndexedAttributes.Time)),
            MatchKind.Set => Any(value.Split('\\', StringSplitOptions.RemoveEmptyEntries), v => LikeCall(column.Body, "%\\\\" + PersonNameSearch.Wildcards(v) + "\\\\%")),
            MatchKind.Integer => IntegerMatch(column.Body, value),
            MatchKind.PersonName => PersonNameMatch(column.Body, value, fuzzy),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return Expression.Lambda<Func<T, bool>>(body, column.Parameters);
    }

    private static Expression TextMatch(Expression column, string value) =>
        value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal)
            ? LikeCall(column, PersonNameSearch.Wildcards(value))
            : Expression.Equal(column, Constant(value));

    private static BinaryExpression RangeMatch(Expression column, string value, Func<string?, string?> normalize)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Expression.Equal(column, Constant(normalize(value)));
        }

        var from = normalize(value[..dash].Trim());
        var to = normalize(value[(dash + 1)..].Trim());
        Expression? result = null;
        if (!string.IsNullOrEmpty(from))
        {
            result = Expression.GreaterThanOrEqual(Expression.Call(Compare, column, Constant(from)), Expression.Constant(0));
        }

        if (!string.IsNullOrEmpty(to))
        {
            // A time bound without a fraction includes its whole second ("101500" matches 10:15:00.5).
            var upper = normalize == IndexedAttributes.Time && !to.Contains('.', StringComparison.Ordinal) ? to + ".999999" : to;
            var below = Expression.LessThanOrEqual(Expression.Call(Compare, column, Constant(upper)), Expression.Constant(0));
            result = result == null ? below : Expression.AndAlso(result, below);
        }

        var notNull = Expression.NotEqual(column, Expression.Constant(null, typeof(string)));
        return result == null ? notNull : Expression.AndAlso(notNull, result);
    }

    private static Expression IntegerMatch(Expression column, string value)
    {
        var numbers = value.Split('\\', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? (int?)n : null)
            .Where(n => n != null).ToList();
        return numbers.Count == 1
            ? Expression.Equal(column, Expression.Constant(numbers[0], typeof(int?)))
            : Expression.Call(IntContains, Expression.Constant(numbers), column);
    }

    private static Expression PersonNameMatch(Expression column, string value, bool fuzzy)
    {
        // Every word's alternatives: all words must match, each by any alternative.
        Expression? all = null;
        foreach (var alternatives in PersonNameSearch.Patterns(value, fuzzy))
        {
            var any = Any(alternatives, p => LikeCall(column, p));
            all = all == null ? any : Expression.AndAlso(all, any);
        }

        return all ?? Expression.Constant(true);
    }

    private static Expression Any(IEnumerable<string> values, Func<string, Expression> match)
    {
        var list = values.ToList();
        if (list.Count > 1 && list.All(v => !v.Contains('*', StringComparison.Ordinal) && !v.Contains('?', StringComparison.Ordinal)) && match(list[0]) is BinaryExpression { NodeType: ExpressionType.Equal } equal)
        {
            return Expression.Call(StringContains, Expression.Constant(list.Select(v => v.Trim()).ToList()), equal.Left);
        }

        Expression? result = null;
        foreach (var value in list)
        {
            var one = match(value);
            result = result == null ? one : Expression.OrElse(result, one);
        }

        return result ?? Expression.Constant(false);
    }

    private static MethodCallExpression LikeCall(Expression column, string pattern) =>
        Expression.Call(Like, Expression.Constant(EF.Functions), column, Constant(pattern), Constant("\\"));

    // Values go in as closure members so EF parameterises them instead of inlining literals.
    private static MemberExpression Constant(string? value) => Expression.Property(Expression.Constant(new Box(value)), nameof(Box.Value));

    private sealed class Box(string? value)
    {
        public string? Value { get; } = value;
    }
}
