namespace YangFan.Benchmarks.Domain;

/// <summary>The four roles of the system. Each user holds exactly one.</summary>
public static class Roles
{
    public const string Applicant = "Applicant";
    public const string Recommender = "Recommender";
    public const string Expert = "Expert";
    public const string Admin = "Admin";

    public static readonly string[] All = [Applicant, Recommender, Expert, Admin];
}
