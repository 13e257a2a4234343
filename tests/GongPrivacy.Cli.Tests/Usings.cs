// The tool's namespaces follow its folders; its tests read them all.
global using GongPrivacy.Cli.Batch;
global using GongPrivacy.Cli.Commands;
global using GongPrivacy.Cli.Gong;
global using GongPrivacy.Cli.Journal;
global using GongPrivacy.Cli.Reports;
global using GongPrivacy.Cli.Rows;
global using GongPrivacy.Cli.Runs;
