"""The moto server with two changes for benchmarks at scale: an EC2 resource's own tags are read from the
tag store by id instead of by scanning every tag of every resource, and one instance is found by id without
copying every reservation first.

moto answers `get_tags()` of one instance with `describe_tags(resource-id=...)`, which walks all tags of all
resources: a tag-filtered DescribeInstances is O(instances x tags), 18 s for one lookup among 5,000 instances
here, and a full describe spends most of its time there too. Real EC2 indexes tags. The answers are the same
(the same dicts, the same order); only that lookup is a dictionary access. Everything else (validation,
serialization, which is moto's other big cost at scale) is moto's own.

Run as the moto_server command: python moto_indexed.py -H 127.0.0.1 -p PORT
"""
import sys

from moto.ec2.exceptions import InvalidInstanceIdError
from moto.ec2.models.core import TaggedEC2Resource
from moto.ec2.models.instances import InstanceBackend
from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix


def _own_tags(self):
    rid = getattr(self, "id", None)
    if not rid:
        return []
    tags = self.ec2_backend.tags.get(rid) or {}
    kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(rid), "")
    return [{"resource_id": rid, "key": k, "value": v, "resource_type": kind} for k, v in list(tags.items())]


TaggedEC2Resource.get_tags = _own_tags


def _instance_by_id(self, instance_id):
    for reservation in list(self.reservations.values()):
        for instance in reservation.instances:
            if instance.id == instance_id:
                return instance
    raise InvalidInstanceIdError(instance_id)


InstanceBackend.get_instance = _instance_by_id

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main())
