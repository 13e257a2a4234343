using System;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Reports
{
    /// <summary>
    /// What the subject's page needs besides the data: who answers the request (the controller) and how to reach them,
    /// the time zone its times are in, and whether share links keep their access tokens. Set on the command line or,
    /// once, in the environment.
    /// </summary>
    internal sealed record SubjectPageSettings(string ControllerName, string ControllerContact, TimeZoneInfo TimeZone, bool IncludeShareLinks)
    {
        /// <summary>The controller's name, when <c>--controller-name</c> is not given.</summary>
        public const string ControllerNameVariable = "GONG_PRIVACY_CONTROLLER_NAME";

        /// <summary>The controller's privacy contact, when <c>--controller-contact</c> is not given.</summary>
        public const string ControllerContactVariable = "GONG_PRIVACY_CONTROLLER_CONTACT";

        /// <summary>The time zone of the page's times, when <c>--time-zone</c> is not given (default UTC).</summary>
        public const string TimeZoneVariable = "GONG_PRIVACY_TIME_ZONE";

        /// <summary>The settings from the options, else the environment; a usage error, before anything is sent, when the controller is missing.</summary>
        public static SubjectPageSettings Read(CliEnvironment environment, string? name, string? contact, string? zone, bool includeShareLinks)
        {
            var controller = Pick(name, environment.GetVariable(ControllerNameVariable));
            var reach = Pick(contact, environment.GetVariable(ControllerContactVariable));
            if (controller == null || reach == null)
            {
                var missing = controller == null && reach == null ? "the controller's name and privacy contact" : controller == null ? "the controller's name" : "the controller's privacy contact";
                throw new CliException(ExitCodes.Usage, "The subject's page opens with who answers the request; give " + missing + " with --controller-name and --controller-contact (or set " + ControllerNameVariable + " and " + ControllerContactVariable + "). Nothing was sent.");
            }

            var timeZone = zone != null
                ? HumanTime.Zone(zone, "--time-zone")
                : HumanTime.Zone(environment.GetVariable(TimeZoneVariable), TimeZoneVariable);
            return new SubjectPageSettings(controller, reach, timeZone ?? TimeZoneInfo.Utc, includeShareLinks);
        }

        /// <summary>The controller's name from the option or the environment, or null; the journal records it as the company.</summary>
        public static string? Controller(CliEnvironment environment) => Pick(null, environment.GetVariable(ControllerNameVariable));

        private static string? Pick(string? option, string? variable) =>
            !string.IsNullOrWhiteSpace(option) ? option.Trim() : !string.IsNullOrWhiteSpace(variable) ? variable.Trim() : null;
    }
}
