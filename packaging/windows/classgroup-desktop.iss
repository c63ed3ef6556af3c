; Inno Setup script for 班级群管家 (Windows installer).
; Built by .github/workflows/windows.yml after the PyInstaller bundle (packaging/classgroup-desktop.spec):
;   iscc /DAppVersion=0.1.0 packaging\windows\classgroup-desktop.iss
; Per-user install (no administrator), Chinese installer UI, Start-menu and optional desktop
; shortcuts. Uninstalling removes the program only: the teacher's data folder
; (%LOCALAPPDATA%\ClassGroupDesktop, with its backups) is never touched.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "班级群管家"
#define BundleDir "..\..\dist\classgroup-desktop"

[Setup]
AppId={{7C3F1E2A-5B9D-4C1A-9E3F-2D8B6A4C1E70}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=班级群管家
DefaultDirName={userpf}\ClassGroupDesktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=班级群管家-{#AppVersion}-安装程序
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\classgroup-desktop.exe

[Languages]
; ChineseSimplified.isl ships with Inno Setup 6.4+ (Languages\Unofficial in older releases; the
; workflow copies it into place when missing).
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\classgroup-desktop.exe"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\classgroup-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\classgroup-desktop.exe"; Description: "立即启动{#AppName}"; Flags: nowait postinstall skipifsilent
