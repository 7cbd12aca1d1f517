; Cités éducatives — coordination : installateur Windows (Inno Setup 6.3 ou plus récent).
;
; Installation pour l'utilisateur seul, sans droits d'administrateur (les postes des mairies et
; des rectorats n'en donnent pas) : l'application va dans %LOCALAPPDATA%\Programs, le raccourci
; dans le menu Démarrer de l'utilisateur. La désinstallation garde la base et les sauvegardes,
; sauf si l'utilisateur demande à les supprimer.
;
; Construit depuis la racine du dépôt, après PyInstaller (voir installer/README.md) :
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\windows\cites-app.iss
; Ce fichier est en UTF-8 avec BOM : Inno Setup lit alors correctement les accents.

#define AppName "Cités éducatives — coordination"
#define AppPublisher "Cités éducatives"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\cites-app"
#define AppExe "cites-app.exe"
; The version is the project's: the spec writes it into the executable's version resource.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error "Version introuvable : construisez d'abord dist\cites-app avec PyInstaller (installer\cites_app.spec)."
#endif

[Setup]
; Never change AppId: Windows recognises an upgrade (and its uninstaller) by it.
AppId={{613C01BF-3F69-4477-B500-F396BC65F264}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per-user install: no UAC prompt, {userpf} is %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={userpf}\Cités éducatives
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
WizardStyle=modern
SetupIconFile={#BundleDir}\cites-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#SourcePath}\..\..\dist
OutputBaseFilename=cites-app-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
; An open window holds its files: ask to close it rather than fail half way.
CloseApplications=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer une icône sur le Bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: a library or module of the previous version must not
; linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Séances inter-établissements, présences et indicateurs de mixité"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Ouvrir {#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
const
  // platformdirs.user_data_dir("cites-app", "cites-educatives") on Windows (cites_app/paths.py):
  // the database, its backups (sauvegardes, sauvegardes-serveur) and connexion.json.
  DataParent = '{localappdata}\cites-educatives';
  DataFolder = '{localappdata}\cites-educatives\cites-app';
  // QSettings of the window (organisation name in cites_app/ui/app.py): sizes and columns.
  SettingsKey = 'Software\Cités éducatives';

var
  RemoveUserData: Boolean;

function InitializeUninstall(): Boolean;
begin
  RemoveUserData := False;
  if DirExists(ExpandConstant(DataFolder)) then
    // Default answer « Non », and the one a silent uninstall takes: data is kept unless asked.
    RemoveUserData := SuppressibleMsgBox(
      'Supprimer aussi mes données ?' + #13#10 + #13#10 +
      'Votre base (établissements, élèves, séances, présences) et ses sauvegardes sont dans :' + #13#10 +
      ExpandConstant(DataFolder) + #13#10 + #13#10 +
      'Oui : elles sont effacées définitivement.' + #13#10 +
      'Non : elles sont gardées et une prochaine installation les retrouvera.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
  begin
    DelTree(ExpandConstant(DataFolder), True, True, True);
    RemoveDir(ExpandConstant(DataParent));  // only if nothing else lives there
    RegDeleteKeyIncludingSubkeys(HKCU, SettingsKey);
  end;
end;
