@echo off
rem wadal launcher for Windows: runs wadal.jar next to this file.
setlocal
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java") else (set "JAVA=java")
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=error:stderr -jar "%~dp0wadal.jar" %*
exit /b %ERRORLEVEL%
