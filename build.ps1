#!/usr/bin/env pwsh
# Thin wrapper over the dotnet commands the README documents; nothing lives only here.
#   ./build.ps1 build | test | bench | pack
param([ValidateSet('build', 'test', 'bench', 'pack')][string]$Task = 'build', [string[]]$Rest = @())
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
switch ($Task) {
    'build' { dotnet build Core.sln -c Release @Rest }
    'test'  { dotnet test Core.sln @Rest }
    'bench' { dotnet run -c Release --project bench/SpectralCore.Benchmarks -- @Rest }
    'pack'  { dotnet pack managed/SpectralCore/SpectralCore.csproj -c Release -o artifacts/packages @Rest
              dotnet pack managed/SpectralCore.Analysis/SpectralCore.Analysis.csproj -c Release -o artifacts/packages @Rest }
}
exit $LASTEXITCODE
