using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using GongPrivacy.Cli.Journal;
using Spectre.Console;

namespace GongPrivacy.Cli.Commands.Journal
{
    /// <summary><c>journal export-public-key --journal J --output pub.pem</c>: the public key an auditor keeps, and its fingerprint.</summary>
    internal static class JournalExportPublicKeyCommand
    {
        public static Command Create(CommonOptions common)
        {
            var environment = common.Environment;
            var command = new Command("export-public-key", "Write the journal's public signing key (PEM) for an auditor, and print its fingerprint (which the evidence names). The private key never leaves the key file.");
            var journal = new Option<string>("--journal") { Description = "The audit journal.", Required = true };
            var output = new Option<string>("--output", "-o") { Description = "Where to write the public key, such as pub.pem.", Required = true };
            var force = new Option<bool>("--force") { Description = "Replace the --output file if it exists." };
            command.Add(journal);
            command.Add(output);
            command.Add(force);
            command.SetAction((parse, token) =>
            {
                var path = JournalFile.Existing(environment.Resolve(parse.GetValue(journal)!));

                var target = environment.Resolve(parse.GetValue(output)!);
                if (File.Exists(target) && !parse.GetValue(force))
                {
                    throw new CliException(ExitCodes.Usage, "The file " + target + " already exists; add --force to replace it.");
                }

                var file = JournalFile.Read(path, environment.GetVariable, JournalReader.KeyHolder);
                using var keys = file.Keys!;
                if (keys.Signer == null)
                {
                    throw new CliException(ExitCodes.Journal, "The journal " + path + " was written by gong-privacy 0.2.0 and has no signing key yet: sign it first with 'gong-privacy journal seal --journal " + path + "'.");
                }

                try
                {
                    JournalPublicKey.Write(keys.Signer, target);
                }
                catch (System.Exception ex) when (ex is IOException || ex is System.UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.Usage, "The public key cannot be written to " + target + " (" + ex.GetType().Name + ").");
                }

                environment.Console.MarkupLine(Markup.Escape("Public key written to " + target + "; fingerprint " + keys.SigningKeyId + ". Give it to the auditor, who checks the journal with 'gong-privacy journal verify --journal <journal> --public-key <that file>', and keep the key file (the private key) away from them."));
                return Task.FromResult(ExitCodes.Ok);
            });
            return command;
        }
    }
}
