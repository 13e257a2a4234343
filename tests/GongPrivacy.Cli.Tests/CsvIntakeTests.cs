using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace GongPrivacy.Cli.Tests
{
    /// <summary>CSV intake by a maintained parser: what a spreadsheet saves, quoted fields, and bad rows by line.</summary>
    public class CsvIntakeTests
    {
        [Fact]
        public void A_semicolon_csv_saved_by_a_spreadsheet_is_read_with_its_bom_crlf_header_and_quotes()
        {
            using var cli = new CliHarness();
            var text = "Kind;Value\r\nemail;ada.lovelace@sandbox.example\r\n\"phone\";\"+44 20 7946 0018\"\r\n;\r\nemail;not-an-address\r\n";
            File.WriteAllBytes(cli.Path("excel.csv"), Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray());

            var (rows, _) = BatchFile.Read(cli.Path("excel.csv"), delimiter: null);

            Assert.Equal(new[] { 2, 3, 5 }, rows.Select(r => r.Line));
            Assert.Equal("ada.lovelace@sandbox.example", rows[0].Subject!.Value);
            Assert.Equal(SubjectKind.Phone, rows[1].Subject!.Kind);
            Assert.Equal("+44 20 7946 0018", rows[1].Subject!.Value);
            Assert.Equal("the email address is not valid (expected local-part@domain, no spaces)", rows[2].Problem);
        }

        [Fact]
        public void A_quoted_comma_inside_a_field_stays_in_the_field_and_an_unquoted_one_is_a_bad_row_by_line()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("quoted.csv"), "kind,value\nphone,\"+1 425 555 0100, ext. 12\"\nemail,ada.lovelace@sandbox.example\nphone,+1 425 555 0100, ext. 12\n");

            var (rows, _) = BatchFile.Read(cli.Path("quoted.csv"), delimiter: null);

            // The quoted field is one field (a phone number with an extension is not a valid number: refused by line, not split).
            Assert.Equal(2, rows[0].Line);
            Assert.Equal("the phone number is not valid: give '+', the country code and the number, such as +44 20 7946 0018", rows[0].Problem);
            Assert.Equal("ada.lovelace@sandbox.example", rows[1].Subject!.Value);
            Assert.Equal(4, rows[2].Line);
            Assert.Equal("more than two fields; quote a value that holds the separator ','", rows[2].Problem);
        }

        [Fact]
        public void The_delimiter_can_be_given_and_a_file_with_one_column_of_commas_is_then_not_misread()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("semi.csv"), "email;\"last, first\"@sandbox.example\nemail;ada.lovelace@sandbox.example\n");

            var (rows, _) = BatchFile.Read(cli.Path("semi.csv"), delimiter: ';');

            Assert.Equal(2, rows.Count);
            Assert.Null(rows[0].Subject);
            Assert.Equal("ada.lovelace@sandbox.example", rows[1].Subject!.Value);
            Assert.Throws<CliException>(() => BatchFile.ParseDelimiter("|"));
            Assert.Equal(';', BatchFile.ParseDelimiter("semicolon"));
        }

        [Fact]
        public async Task A_semicolon_batch_runs_through_the_tool_and_reports_bad_rows_by_line_without_stopping()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("subjects.csv"), "\uFEFFkind;value\r\nemail;ada.lovelace@sandbox.example\r\nfax;+1 425 555 2671\r\nphone;\"+1 206 555 0100\"\r\n");

            var (code, output) = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl", "--sandbox");

            Assert.Equal(ExitCodes.BatchIncomplete, code);
            Assert.Contains("line 3: invalid: the first field must be 'email' or 'phone'", output);
            Assert.Contains("line 2: lookup email a***@s***.example: looked up: found", output);
            Assert.Contains("line 4: lookup phone +1******0100: looked up: found", output);
        }

        [Fact]
        public void Bytes_that_are_not_utf8_make_their_row_invalid_by_line_and_are_never_decoded_into_another_subject()
        {
            using var cli = new CliHarness();
            // A spreadsheet's Windows-1252 export: é is the single byte 0xE9, which is not UTF-8.
            var bytes = Encoding.ASCII.GetBytes("email,ada.lovelace@sandbox.example\nemail,jos").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("@example.com\nemail,grace.hopper@sandbox.example\n")).ToArray();
            File.WriteAllBytes(cli.Path("cp1252.csv"), bytes);

            var (rows, _) = BatchFile.Read(cli.Path("cp1252.csv"), delimiter: null);

            Assert.Equal(new[] { 1, 2, 3 }, rows.Select(r => r.Line));
            Assert.Null(rows[1].Subject);
            Assert.Equal("line 2 is not valid UTF-8 (byte 0xE9 at byte 10 of the line): save the CSV as UTF-8; nothing is sent for it, since read another way it names someone else", rows[1].Problem);
            Assert.NotNull(rows[0].Subject);
            Assert.NotNull(rows[2].Subject);
        }

        [Theory]
        [InlineData("email,jane\u200B.doe@example.com", "U+200B ZERO WIDTH SPACE at character 5")]
        [InlineData("email,jane.doe@exam\uFEFFple.com", "U+FEFF BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE) at character 14")]
        [InlineData("email,\u202Emoc.elpmaxe@eod.enaj", "U+202E RIGHT-TO-LEFT OVERRIDE at character 1")]
        [InlineData("phone,+1 425\u2066 555 0100", "U+2066 LEFT-TO-RIGHT ISOLATE at character 7")]
        public void A_character_nobody_sees_makes_the_row_invalid_with_its_reason(string line, string reason)
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("hidden.csv"), "email,ada.lovelace@sandbox.example\n" + line + "\n", new UTF8Encoding(false));

            var (rows, _) = BatchFile.Read(cli.Path("hidden.csv"), delimiter: null);

            Assert.Equal(2, rows[1].Line);
            Assert.Null(rows[1].Subject);
            Assert.Contains(reason, rows[1].Problem);
            Assert.DoesNotContain("jane", rows[1].Problem);
        }

        [Fact]
        public async Task An_address_typed_in_nfd_is_the_same_subject_as_in_nfc_sent_in_nfc_and_found_a_duplicate()
        {
            using var cli = new CliHarness();
            await using var gong = await cli.StartGongAsync();
            var nfc = "jos\u00E9@example.com";
            var nfd = "jose\u0301@example.com";
            File.WriteAllText(cli.Path("subjects.csv"), "email," + nfd + "\nemail," + nfc + "\n", new UTF8Encoding(false));

            var (code, output) = await cli.RunAsync("batch", "lookup", "subjects.csv", "--journal", "journal.jsonl");

            Assert.True(code == ExitCodes.Ok, output);
            Assert.Contains("line 2: duplicate of line 1; skipped", output);
            var sent = Assert.Single(gong.GetReceived(unmaskedSubjects: true));
            Assert.Equal(nfc, sent.Subject);
        }
    }
}
