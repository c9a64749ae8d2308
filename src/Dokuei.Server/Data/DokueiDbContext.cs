using System.Text;
using Dokuei.Server.Features.Archive;
using Dokuei.Server.Features.Audit;
using Dokuei.Server.Features.Comments;
using Dokuei.Server.Features.Facilities;
using Dokuei.Server.Features.Identity;
using Dokuei.Server.Features.Radiologists;
using Dokuei.Server.Features.Reports;
using Dokuei.Server.Features.Requests;
using Dokuei.Server.Features.Sla;
using Microsoft.EntityFrameworkCore;

namespace Dokuei.Server.Data;

/// <summary>
/// The database: one model for every provider; <see cref="SqliteDokueiDbContext"/> and <see cref="PostgresDokueiDbContext"/>
/// carry the provider and their own migrations. Tables and columns are snake_case; archive rows are filtered by the
/// caller's <see cref="FacilityScope"/>.
/// </summary>
internal abstract class DokueiDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The provider's name as migrations and settings use it ("sqlite", "postgres").</summary>
    public abstract string Provider { get; }

    public DbSet<Facility> Facilities => Set<Facility>();

    public DbSet<FacilityAeTitle> FacilityAeTitles => Set<FacilityAeTitle>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Study> Studies => Set<Study>();

    public DbSet<Series> Series => Set<Series>();

    public DbSet<Instance> Instances => Set<Instance>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ReadingRequest> ReadingRequests => Set<ReadingRequest>();

    public DbSet<StoredRequestEvent> RequestEvents => Set<StoredRequestEvent>();

    public DbSet<StoredAssignmentDecision> AssignmentDecisions => Set<StoredAssignmentDecision>();

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<ServiceMenu> ServiceMenus => Set<ServiceMenu>();

    public DbSet<BusinessCalendar> BusinessCalendars => Set<BusinessCalendar>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    public DbSet<User> Users => Set<User>();

    public DbSet<FacilityContract> FacilityContracts => Set<FacilityContract>();

    public DbSet<RadiologistProfile> RadiologistProfiles => Set<RadiologistProfile>();

    public DbSet<RadiologistShift> RadiologistShifts => Set<RadiologistShift>();

    public DbSet<Features.Notifications.Notification> Notifications => Set<Features.Notifications.Notification>();

    public DbSet<DeadlineEvent> DeadlineEvents => Set<DeadlineEvent>();

    public DbSet<RequestAttachment> RequestAttachments => Set<RequestAttachment>();

    /// <summary>
    /// The caller's scope. Contexts are pooled (creating one per C-STORE or request was several percent of the server's
    /// CPU), so the scope is not a constructor argument: each lease gets the scope of its request (<see cref="Lease{T}"/>).
    /// A context nobody gave a scope sees nothing.
    /// </summary>
    public FacilityScope Scope { get; set; } = new();

    /// <summary>A context from the pool for the current service scope, filtered by that scope's <see cref="FacilityScope"/>.</summary>
    public static DokueiDbContext Lease<T>(IServiceProvider services)
        where T : DokueiDbContext
    {
        var db = services.GetRequiredService<IDbContextFactory<T>>().CreateDbContext();
        db.Scope = services.GetRequiredService<FacilityScope>();
        return db;
    }

    // Read by the query filters at query time (EF parameterises DbContext members).
    private bool ScopeAll => Scope.All;

    private long? ScopeFacilityId => Scope.FacilityId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Facility>(e =>
        {
            e.ToTable("facilities");
            e.HasMany(f => f.AeTitles).WithOne().HasForeignKey(a => a.FacilityId);
        });
        modelBuilder.Entity<FacilityAeTitle>().ToTable("facility_ae_titles");
        modelBuilder.Entity<Credential>().ToTable("credentials");

        modelBuilder.Entity<Patient>(e =>
        {
            e.ToTable("patients");
            e.HasQueryFilter(p => ScopeAll || p.FacilityId == ScopeFacilityId);
        });
        modelBuilder.Entity<Study>(e =>
        {
            e.ToTable("studies");
            e.HasOne(s => s.Patient).WithMany().HasForeignKey(s => s.PatientPk);
            e.HasQueryFilter(s => ScopeAll || s.FacilityId == ScopeFacilityId);
        });
        modelBuilder.Entity<Series>(e =>
        {
            e.ToTable("series");
            e.HasOne(s => s.Study).WithMany().HasForeignKey(s => s.StudyPk).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(s => ScopeAll || s.FacilityId == ScopeFacilityId);
        });
        modelBuilder.Entity<Instance>(e =>
        {
            e.ToTable("instances");
            e.HasOne(i => i.Series).WithMany().HasForeignKey(i => i.SeriesPk).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(i => ScopeAll || i.FacilityId == ScopeFacilityId);
        });

        // Feature tables configure themselves (IEntityTypeConfiguration in their folders); tenancy stays here.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DokueiDbContext).Assembly);
        modelBuilder.Entity<ReadingRequest>().HasQueryFilter(r => ScopeAll || r.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<StoredRequestEvent>().HasQueryFilter(r => ScopeAll || r.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<StoredAssignmentDecision>().HasQueryFilter(r => ScopeAll || r.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<Report>().HasQueryFilter(r => ScopeAll || r.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<Comment>().HasQueryFilter(c => ScopeAll || c.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<RequestAttachment>().HasQueryFilter(a => ScopeAll || a.FacilityId == ScopeFacilityId);
        modelBuilder.Entity<DeadlineEvent>().HasQueryFilter(e => ScopeAll || e.FacilityId == ScopeFacilityId);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // Columns named by a configuration keep their name; the key of an owned type stored in its owner's row shares
                // the owner's column; properties mapped to backing fields (_bodyParts) get the field's name without its underscore.
                var sharesOwnerRow = entity.IsOwned() && property.IsPrimaryKey()
                    && entity.GetTableName() == entity.FindOwnership()?.PrincipalEntityType.GetTableName();
                if (property.FindAnnotation(Microsoft.EntityFrameworkCore.Metadata.RelationalAnnotationNames.ColumnName) == null && !sharesOwnerRow)
                {
                    property.SetColumnName(SnakeCase(property.Name.TrimStart('_')));
                }
            }
        }

        ConfigureProvider(modelBuilder);
    }

    /// <summary>Provider-specific column types.</summary>
    protected virtual void ConfigureProvider(ModelBuilder modelBuilder)
    {
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The embedded database: SQLite in the data directory.</summary>
internal sealed class SqliteDokueiDbContext(DbContextOptions<SqliteDokueiDbContext> options) : DokueiDbContext(options)
{
    public override string Provider => "sqlite";
}

/// <summary>PostgreSQL, for scale-out deployments.</summary>
internal sealed class PostgresDokueiDbContext(DbContextOptions<PostgresDokueiDbContext> options) : DokueiDbContext(options)
{
    public override string Provider => "postgres";
}
