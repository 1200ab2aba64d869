import paramiko

client = paramiko.SSHClient()
# ruleid: py-ssh-host-key-not-verified
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
# ruleid: py-ssh-host-key-not-verified
client.set_missing_host_key_policy(paramiko.WarningPolicy)
# ok: py-ssh-host-key-not-verified
client.set_missing_host_key_policy(paramiko.RejectPolicy())
