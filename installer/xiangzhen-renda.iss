; Inno Setup 6 script: the Windows installer of 乡镇人大工作台 (XiangzhenRenda).
;
; Build the program first (make dist, or the PyInstaller command in installer/README.md), then:
;   ISCC.exe /DAppVersion=0.1.0 installer\xiangzhen-renda.iss
; The installer is written to dist\installer\XiangzhenRenda-Setup-<version>.exe.
;
; This file is UTF-8 with a byte-order mark: keep the BOM, or ISCC reads the Chinese text as ANSI.
;
; User data is NOT in the program folder. The database, the automatic backups and the log live in
; the user's AppData (%LOCALAPPDATA%\XiangzhenRenda, from appdirs in desktop_app/paths.py) or in a
; backup folder the user chose (e.g. a USB drive). The uninstaller removes only the files it
; installed into {app}; there is deliberately no [UninstallDelete] entry, so reinstalling or upgrading
; finds the office's records where they were.

#define AppName "乡镇人大工作台"
#define AppExe "XiangzhenRenda.exe"
#define AppDir "XiangzhenRenda"
#ifndef AppVersion
  #error 请用 /DAppVersion=版本号 传入版本（与 pyproject.toml 中的 version 一致），见 installer/README.md
#endif

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
AppId={{5AB777F0-3E86-4B3B-A51E-C078CA837D7D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=乡镇人大工作台
DefaultDirName={autopf}\{#AppDir}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Clerks often have no administrator rights: install for the current user unless they choose otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=XiangzhenRenda-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; Close a running copy before files are replaced or removed.
CloseApplications=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; Drawn by installer/make_icons.py and committed.
SetupIconFile=..\resources\icons\app.ico

[Languages]
; ChineseSimplified.isl ships with Inno Setup 6.4+; for older versions see installer/README.md.
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Tell the clerk where the records stayed, so nobody thinks uninstalling lost them.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('乡镇人大工作台已卸载。' + #13#10#13#10 +
           '您的数据（数据库、备份、日志）没有删除，仍保存在：' + #13#10 +
           ExpandConstant('{localappdata}\XiangzhenRenda') + #13#10#13#10 +
           '重新安装后会继续使用这些数据。如确实不再需要，可手动删除该文件夹（删除前请先备份到U盘）。',
           mbInformation, MB_OK);
end;
