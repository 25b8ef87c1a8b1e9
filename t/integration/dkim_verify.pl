#!/usr/bin/perl
# dkim_verify.pl - verify every DKIM-Signature of a message with Perl's
# Mail::DKIM (Debian's libmail-dkim-perl), the key records fetched from the
# test's DNS server:
#
#     dkim_verify.pl DNS_PORT MESSAGE_FILE
#
# Prints "d=... s=... a=... RESULT" per signature; exit 0 when there is at
# least one signature and all pass, 1 otherwise.
use strict;
use warnings;
use Mail::DKIM::Verifier;
use Net::DNS::Resolver;

my ($port, $path) = @ARGV;
Mail::DKIM::DNS::resolver(Net::DNS::Resolver->new(
	nameservers => ['127.0.0.1'], port => $port, recurse => 1,
	tcp_timeout => 5, udp_timeout => 5));
open(my $fh, '<:raw', $path) or die "$path: $!";
my $dkim = Mail::DKIM::Verifier->new();
$dkim->load($fh);
close($fh);
my @sigs = $dkim->signatures;
my $ok = @sigs > 0;
for my $sig (@sigs) {
	my $r = $sig->result;
	printf("d=%s s=%s a=%s %s%s\n", $sig->domain, $sig->selector,
	    $sig->algorithm, $r, $sig->result_detail ne $r ?
	    " (" . $sig->result_detail . ")" : "");
	$ok = 0 unless $r eq 'pass';
}
exit($ok ? 0 : 1);
