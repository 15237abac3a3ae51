#!/usr/bin/env pwsh
# Thin wrapper over dotnet; build.sh is its twin. Usage: ./build.ps1 [restore|build|test|format|publish|all]...
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$configuration = if ($env:CONFIGURATION) { $env:CONFIGURATION } else { 'Release' }

function Invoke-Dotnet { & dotnet @args; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
function Restore { Invoke-Dotnet restore NodeAgent.sln }
function Build { Invoke-Dotnet build NodeAgent.sln -c $configuration --no-restore }
function Test { Invoke-Dotnet test NodeAgent.sln -c $configuration --no-build }
function Format { Invoke-Dotnet format NodeAgent.sln --verify-no-changes --no-restore }
function Publish {
    foreach ($rid in 'linux-x64', 'linux-arm64') {
        Invoke-Dotnet publish agent/NodeAgent.csproj -c $configuration -r $rid --self-contained -o "artifacts/publish/$rid"
    }
}

$steps = if ($args.Count -eq 0) { @('all') } else { $args }
foreach ($step in $steps) {
    switch ($step) {
        'restore' { Restore }
        'build' { Build }
        'test' { Test }
        'format' { Format }
        'publish' { Publish }
        'all' { Restore; Build; Test; Publish }
        default { Write-Error "build.ps1: unknown step '$step' (restore, build, test, format, publish, all)"; exit 2 }
    }
}
