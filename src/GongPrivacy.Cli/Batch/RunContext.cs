namespace GongPrivacy.Cli
{
    /// <summary>What a run's opening entry says about where it ran, for the evidence: host, sandbox or production, operator, company, version.</summary>
    internal static class RunContext
    {
        public static void Describe(JournalEntry opening, CliEnvironment environment, GongConnection connection)
        {
            opening.Host = connection.Target;
            opening.Environment = connection.Sandbox != null ? "sandbox" : "production";
            opening.Operator = string.IsNullOrWhiteSpace(environment.UserName) ? null : environment.UserName;
            opening.Company = SubjectPageSettings.Controller(environment);
            opening.Version = ToolInfo.Version;
        }
    }
}
