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
            Assert.Equal("not a valid email address", rows[2].Problem);
        }

        [Fact]
        public void A_quoted_comma_inside_a_field_stays_in_the_field_and_an_unquoted_one_is_a_bad_row_by_line()
        {
            using var cli = new CliHarness();
            File.WriteAllText(cli.Path("quoted.csv"), "kind,value\nphone,\"+1 425 555 0100, ext. 12\"\nemail,ada.lovelace@sandbox.example\nphone,+1 425 555 0100, ext. 12\n");

            var (rows, _) = BatchFile.Read(cli.Path("quoted.csv"), delimiter: null);

            // The quoted field is one field (a phone number with an extension is not a valid number: refused by line, not split).
            Assert.Equal(2, rows[0].Line);
            Assert.Equal("not a valid phone number ('+', country code and number)", rows[0].Problem);
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
            Assert.Contains("line 2: lookup email a***@s***.example: found", output);
            Assert.Contains("line 4: lookup phone +1******0100: found", output);
        }
    }
}
