; Jaring installer for Windows x64 (NSIS 3). Per-user: no administrator needed on district laptops.
; `make package-windows` builds it on Linux (packaging/windows/make_installer.py, docs/windows.md); on Windows, after
; `pyinstaller build.spec`:
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=..\..\dist\jaring packaging\windows\jaring.nsi
; The uninstaller removes the program only: the data directory (%LOCALAPPDATA%\Jaring, where the
; encrypted store, key slots and logs live) is kept, so reinstalling or updating never loses records.
; An update is the newer installer run over the older one: the program folder is replaced, the data stays,
; and the app migrates the store on its first start (after a backup copy beside it).
Target amd64-unicode  ; the bundle is 64-bit; Debian's makensis otherwise makes an x86 installer
!include "MUI2.nsh"
!include "WinVer.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\..\dist\jaring"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "jaring-${VERSION}-setup-x64.exe"
!endif

Name "Jaring ${VERSION}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Jaring"
InstallDirRegKey HKCU "Software\Jaring" "InstallDir"
!ifdef FAST
  SetCompress off  ; for the Linux test that only proves the script compiles
!else
  SetCompressor /SOLID lzma
!endif

!define MUI_ICON "..\..\resources\icons\jaring.ico"
!define MUI_UNICON "..\..\resources\icons\jaring.ico"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\jaringw.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductName" "Jaring"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileDescription" "Pemasang Jaring"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "CompanyName" "Dinas Sosial"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "LegalCopyright" "MIT License"

; Qt 6 needs Windows' own ICU (icuuc.dll), there from Windows 10 version 1703 (build 15063) on.
Function .onInit
  ${IfNot} ${AtLeastWin10}
  ${OrIf} ${AtMostBuild} 15062
    MessageBox MB_ICONSTOP "Jaring memerlukan Windows 10 versi 1703 atau yang lebih baru (64-bit).$\n\
Jaring needs Windows 10 version 1703 or later (64-bit)." /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "Jaring" SecMain
  SetOutPath "$INSTDIR"
  ; An update replaces the program folder whole, so files dropped from a newer bundle do not linger.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\Jaring"
  CreateShortcut "$SMPROGRAMS\Jaring\Jaring.lnk" "$INSTDIR\jaringw.exe" "" "$INSTDIR\jaringw.exe" 0
  CreateShortcut "$SMPROGRAMS\Jaring\Hapus Jaring.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Jaring" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring" "DisplayName" "Jaring"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring" "Publisher" "Dinas Sosial"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegDWORD HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring" "NoModify" 1
SectionEnd

Section "Uninstall"
  ; Only the program: $LOCALAPPDATA\Jaring (the village's encrypted data) stays for a reinstall.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\jaring.exe"
  Delete "$INSTDIR\jaringw.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Jaring\Jaring.lnk"
  Delete "$SMPROGRAMS\Jaring\Hapus Jaring.lnk"
  RMDir "$SMPROGRAMS\Jaring"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jaring"
  DeleteRegKey HKCU "Software\Jaring"
SectionEnd
