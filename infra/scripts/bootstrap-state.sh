#!/usr/bin/env bash
# Creates the Azure storage that holds Terraform state for the OMS stacks, once per subscription, and
# prints the OMS_STATE_* exports that switch `npm run synth|diff|deploy` to the azurerm backend.
#
# Prerequisite (the script stops if it is missing):
#   az login
#   az account set --subscription <subscription id or name>
#
# Usage: infra/scripts/bootstrap-state.sh [options]
#   --subscription ID   subscription to use (default: the one `az account show` reports)
#   --location REGION   Azure region (default: westeurope)
#   --resource-group RG resource group for the state account (default: rg-oms-tfstate)
#   --account NAME      storage account name (default: sttfstate + 8 characters derived from the
#                       subscription id, so re-running in the same subscription finds the same account)
#   --container NAME    blob container (default: tfstate)
#   --assignee ID       object id given Storage Blob Data Contributor on the container
#                       (default: the signed-in user)
#   --yes               do not ask for confirmation
#
# Safe to re-run: every step creates or updates in place.
set -euo pipefail

readonly REQUIRED_ROLE='Storage Blob Data Contributor'

location='westeurope'
resource_group='rg-oms-tfstate'
container='tfstate'
subscription=''
account=''
assignee=''
assume_yes='false'

die() {
  printf 'bootstrap-state: %s\n' "$1" >&2
  exit "${2:-1}"
}

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --subscription) subscription="${2:?--subscription needs a value}"; shift 2 ;;
    --location) location="${2:?--location needs a value}"; shift 2 ;;
    --resource-group) resource_group="${2:?--resource-group needs a value}"; shift 2 ;;
    --account) account="${2:?--account needs a value}"; shift 2 ;;
    --container) container="${2:?--container needs a value}"; shift 2 ;;
    --assignee) assignee="${2:?--assignee needs a value}"; shift 2 ;;
    --yes) assume_yes='true'; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" 2 ;;
  esac
done

command -v az >/dev/null 2>&1 || die 'the Azure CLI (az) is not installed: https://aka.ms/azure-cli'

# Nothing below may run against whatever subscription a stale token points at, so first prove a login.
if ! az account show --output none >/dev/null 2>&1; then
  die 'not logged in to Azure. Run "az login", then "az account set --subscription <id>", and retry.'
fi

if [[ -n "$subscription" ]]; then
  az account set --subscription "$subscription" || die "cannot select subscription $subscription"
fi

subscription_id="$(az account show --query id --output tsv)"
subscription_name="$(az account show --query name --output tsv)"
[[ "$subscription_id" =~ ^[0-9a-fA-F-]{36}$ ]] || die "unexpected subscription id from az: '$subscription_id'"

if [[ -z "$account" ]]; then
  compact="${subscription_id//-/}"
  account="sttfstate${compact:0:8}"
  account="${account,,}"
fi
[[ "$account" =~ ^[a-z0-9]{3,24}$ ]] || die "invalid storage account name '$account' (3-24 lower-case letters or digits)"

printf 'Subscription : %s (%s)\n' "$subscription_name" "$subscription_id"
printf 'State account: %s / %s / container %s in %s\n' "$resource_group" "$account" "$container" "$location"
if [[ "$assume_yes" != 'true' ]]; then
  read -r -p 'Create or update the state storage here? [y/N] ' answer
  [[ "$answer" =~ ^[yY]$ ]] || die 'aborted' 3
fi

az group create --name "$resource_group" --location "$location" \
  --tags application=oms managed-by=bootstrap-state purpose=terraform-state --output none

# Shared keys off: the backend authenticates with Entra ID (use_azuread_auth), so state access is a
# role assignment you can audit rather than a key anyone may have copied.
az storage account create --name "$account" --resource-group "$resource_group" --location "$location" \
  --sku Standard_RAGRS --kind StorageV2 --https-only true --min-tls-version TLS1_2 \
  --allow-blob-public-access false --allow-shared-key-access false \
  --tags application=oms managed-by=bootstrap-state purpose=terraform-state --output none

# Versions and soft delete make a corrupted or deleted state file recoverable.
az storage account blob-service-properties update --account-name "$account" \
  --resource-group "$resource_group" --enable-versioning true \
  --enable-delete-retention true --delete-retention-days 30 \
  --enable-container-delete-retention true --container-delete-retention-days 30 --output none

account_id="$(az storage account show --name "$account" --resource-group "$resource_group" --query id --output tsv)"

if [[ -z "$assignee" ]]; then
  assignee="$(az ad signed-in-user show --query id --output tsv)" ||
    die 'cannot determine the signed-in user; pass --assignee <object id> (e.g. for a service principal)'
fi
container_scope="$account_id/blobServices/default/containers/$container"
existing="$(az role assignment list --assignee "$assignee" --scope "$container_scope" \
  --role "$REQUIRED_ROLE" --query 'length(@)' --output tsv)"
if [[ "$existing" == '0' ]]; then
  az role assignment create --assignee-object-id "$assignee" --role "$REQUIRED_ROLE" \
    --scope "$container_scope" --output none
fi

# The container is created through ARM so this works before the data-plane role has propagated.
az storage container-rm create --storage-account "$account" --resource-group "$resource_group" \
  --name "$container" --public-access off --output none

az lock create --name "lock-${account}-cannotdelete" --lock-type CanNotDelete \
  --resource-group "$resource_group" --resource "$account" \
  --resource-type Microsoft.Storage/storageAccounts \
  --notes 'Terraform state for the OMS stacks.' --output none

cat <<EOF

Terraform state storage is ready. Export these before npm run synth|diff|deploy
(role assignments can take a few minutes to apply):

export OMS_STATE_BACKEND=azurerm
export OMS_STATE_SUBSCRIPTION_ID=$subscription_id
export OMS_STATE_RESOURCE_GROUP=$resource_group
export OMS_STATE_STORAGE_ACCOUNT=$account
export OMS_STATE_CONTAINER=$container
EOF
