using System;
using System.IO;
using System.Security.Cryptography;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Journal
{
    /// <summary>The journal's public signing key as a PEM file: what an auditor keeps, and checks the journal with.</summary>
    internal static class JournalPublicKey
    {
        /// <summary>Reads a public key (PEM, <c>-----BEGIN PUBLIC KEY-----</c>); a usage error when it is not one.</summary>
        public static ECDsa Load(string path)
        {
            string pem;
            try
            {
                pem = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, "The public key " + path + " cannot be read (" + (ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.GetType().Name) + ").");
            }

            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem);
                key.ExportSubjectPublicKeyInfo();
                return key;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is CryptographicException)
            {
                key.Dispose();
                throw new CliException(ExitCodes.Usage, "The file " + path + " is not a public key in PEM (-----BEGIN PUBLIC KEY-----, as 'gong-privacy journal export-public-key' writes it).");
            }
        }

        /// <summary>Writes a key's public part as PEM.</summary>
        public static void Write(ECDsa key, string path) => File.WriteAllText(path, key.ExportSubjectPublicKeyInfoPem() + "\n");
    }
}
